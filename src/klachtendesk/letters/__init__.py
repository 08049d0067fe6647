"""Documents out: acknowledgements, answers and closing letters as Word letters or e-mail
drafts, and the case file (dossier) for the ombudsperson. No Textual."""
