"""Brand glossaries: model, loader, matcher, TBX/CSV interchange."""
