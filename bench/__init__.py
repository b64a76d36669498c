"""`make bench`: how fast the pipeline translates, against argostranslate and against the
bare CTranslate2 floor, on a random Argos-sized model. See docs/bench.md."""
