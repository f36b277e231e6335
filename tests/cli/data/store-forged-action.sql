-- An action the engine never decided, stored with event 1 (store verify must name event 1).
INSERT INTO actions (event_seq, idx, time, type, payload)
VALUES (1, 0, 1772438410, 'offer_work', '{"agent":"a300","expires":"2026-03-02T08:00:30Z","item":"i9731","queue":"q15","time":"2026-03-02T08:00:10Z","type":"offer_work","work":{"handle":9732,"id":"i9731/q15","kind":"task"}}');
