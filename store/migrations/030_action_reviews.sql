-- Actions agreed in supervision get a review date beside their due date
-- (issue 16, item 6): Lambeth's action table has "This will be reviewed on"
-- (002, Appendix A). An action is carried into each later preparation card
-- until it is done (store/assistant-queries.ts, previousActions).
ALTER TABLE actions ADD COLUMN review_on date;
