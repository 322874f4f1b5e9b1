"""The only code that writes a survey's data: `survey` (opening, answering, submitting, paper keying)."""
