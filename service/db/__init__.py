"""The service's database: tables (`models`), engines and sessions (`session`), migrations."""
