-- Which deals changed status since a date (publication day), and from what to what?
-- Changes follow each deal's lifecycle (recaps are not changes; change = 'reopens'
-- marks a deal coming back after it ended).
-- @param since DATE = '7d'             first UTC day of reports to look at (a date, or 7d: seven days ago)
-- @param limit INTEGER = 50            rows to return
SELECT d.type, d.participants, h.day, h.previous_status, h.status, h.change, h.contradicted,
       d.status AS current_status, h.source, h.evidence, h.deal_id
FROM deal_history h
JOIN deals d ON d.deal_id = h.deal_id
WHERE h.day >= $since AND h.previous_status IS NOT NULL
ORDER BY h.day DESC, h.published_at DESC, d.participants
LIMIT $limit;
