"""The device itself, apart from any one person: its identity and keys, the people who share it (each
with her own profile and PIN), and enrollment setup files. No Qt here: the wizard and the CLI both use it."""
