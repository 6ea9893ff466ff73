-- 0003: what was delivered, so digests are idempotent and failed channels retried.
CREATE TABLE IF NOT EXISTS digests (
    digest_id     VARCHAR NOT NULL,          -- hash of channel + window
    channel       VARCHAR NOT NULL,          -- file:PATH | email | webhook
    window_start  TIMESTAMP NOT NULL,
    window_end    TIMESTAMP NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    status        VARCHAR NOT NULL,          -- delivered | failed
    error         VARCHAR,
    subject       VARCHAR,
    PRIMARY KEY (digest_id, created_at)
);

CREATE TABLE IF NOT EXISTS alerts_sent (
    alert_key  VARCHAR NOT NULL,             -- what was alerted (deal status change, spike)
    channel    VARCHAR NOT NULL,
    sent_at    TIMESTAMP NOT NULL,
    message    VARCHAR,
    PRIMARY KEY (alert_key, channel)
);
