//! What each command does, with files: load, check the budget, simulate (or one shard),
//! and write its results in one transaction. `cli` parses the flags and calls one entry
//! point here.
