"""M/M/c in SimPy: the peer of benches/peers/mmc5.toml (c = 5, a = lambda/mu = 4, FIFO).

Usage: python mmc_simpy.py [ARRIVALS] [SEED]  (defaults: 1,000,000 and 5)

Prints one JSON line: customers, wall seconds of the simulation loop (imports and setup
excluded), customers per second, the share of customers that waited, the mean wait (s),
and batch-means standard errors of both (20 batches), which run.sh uses as the tolerance
for the Erlang C check of both simulators (same model, same number of customers).
"""
import json
import random
import sys
import time

import simpy

C = 5
MEAN_INTERARRIVAL_S = 31.536   # lambda = 1/31.536 s
MEAN_SERVICE_S = 126.144       # 1/mu = a / lambda = 4 x 31.536 s


def customer(env, servers, rng, waits):
    arrive = env.now
    with servers.request() as req:
        yield req
        waits.append(env.now - arrive)
        yield env.timeout(rng.expovariate(1.0 / MEAN_SERVICE_S))


def source(env, servers, rng, n, waits):
    for _ in range(n):
        yield env.timeout(rng.expovariate(1.0 / MEAN_INTERARRIVAL_S))
        env.process(customer(env, servers, rng, waits))


def batch_se(values, batches=20):
    size = len(values) // batches
    means = [sum(values[i * size:(i + 1) * size]) / size for i in range(batches)]
    m = sum(means) / batches
    var = sum((x - m) ** 2 for x in means) / (batches - 1)
    return (var / batches) ** 0.5


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rng = random.Random(seed)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=C)
    waits = []
    env.process(source(env, servers, rng, n, waits))
    started = time.perf_counter()
    env.run()
    wall = time.perf_counter() - started
    waited = [1.0 if w > 0 else 0.0 for w in waits]
    print(json.dumps({
        "simulator": "simpy " + simpy.__version__,
        "customers": len(waits),
        "wall_s": wall,
        "customers_per_s": len(waits) / wall,
        "share_waited": sum(waited) / len(waited),
        "mean_wait_s": sum(waits) / len(waits),
        "se_share_waited": batch_se(waited),
        "se_mean_wait_s": batch_se(waits),
    }))


if __name__ == "__main__":
    main()
