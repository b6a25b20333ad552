#!/usr/bin/env python3
"""Peer for the store import benchmark: a plain SQLite bulk insert of the same hash list (32-byte BLOBs,
one UNIQUE index, one transaction, WAL), through Python's sqlite3 module. Usage: sqlite-import-peer.py HASHLIST DB"""
import sqlite3
import sys
import time

src, db = sys.argv[1], sys.argv[2]
t0 = time.time()
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA synchronous=FULL")
con.execute("CREATE TABLE IF NOT EXISTS signal (id INTEGER PRIMARY KEY, value BLOB NOT NULL UNIQUE)")
with open(src) as f, con:
    con.executemany("INSERT OR IGNORE INTO signal(value) VALUES (?)",
                    ((bytes.fromhex(line.split(",", 1)[0].strip()),) for line in f if line.strip()))
n = con.execute("SELECT count(*) FROM signal").fetchone()[0]
sec = time.time() - t0
print(f"peer: python sqlite3 executemany, UNIQUE blob index: {n:,} rows in {sec:.1f} s, {n / sec:,.0f} rows/s")
