"""Reading files that services and the public supply: caseload returns, later published reports."""
