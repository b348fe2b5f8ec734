"""Synthetic data for benchmarks (bench/synthetic). Lives in the top app,
reports, because it writes every app's records."""
import time

from django.core.management.base import BaseCommand

from bench.synthetic import SCALES, generate


class Command(BaseCommand):
    help = "Writes deterministic synthetic data: --scale small|city|nation --seed N."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, scale, seed, **options):
        started = time.perf_counter()
        ctx = generate(scale=scale, seed=seed, log=self.stdout.write)
        rows = sum(ctx.counts.values())
        self.stdout.write(f"{scale}: {rows} rows in {time.perf_counter() - started:.1f} s")
