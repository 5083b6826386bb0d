"""The office's workflows, one module each: members and bindings, submissions, solicitations, emergencies,
deduction proposals, liaison changes and the notices it posts. A new workflow goes here."""
