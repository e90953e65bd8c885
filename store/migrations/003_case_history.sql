-- When a case was last discussed before Cadence kept records (from the cases
-- file), so a council's first import does not show every child as overdue.
ALTER TABLE child_cases ADD COLUMN discussed_before_cadence_on date;
