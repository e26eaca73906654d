"""The supervisor's restart backoff (gateway/workers.py; docs/logging.md, worker_exited)."""

from gateway.workers import restart_delay


def test_a_worker_that_ran_a_while_restarts_at_once_then_backs_off_up_to_30_s() -> None:
    assert [restart_delay(n) for n in range(8)] == [0.0, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 30.0]
