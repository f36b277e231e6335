-- One clock tick in the log, as `tandem serve` writes its first record (store verify tests).
INSERT INTO events (seq, time, type, payload, idempotency_key, outcome, reason, received)
VALUES (1, 1772438410, 'clock_tick', '{"time":"2026-03-02T08:00:10Z","type":"clock_tick"}',
        'start', 0, '', 1772438410);
