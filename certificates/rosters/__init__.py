"""Result rosters (考核结果) in: the file's columns, reading and checking it with pandas, storing it in bulk.

`certificates.services.rosters.import_roster` is the entry point; this package holds its parts.
"""
