//! [`PendingQueue`] over the `priority-queue` crate, for comparison only: it is 4–5× slower
//! than the plain heaps (ARCHITECTURE.md, *The event queue*), so the simulator never uses
//! it and the crate is a dev-dependency. This file is not part of the library build: it is
//! compiled into the engine's unit tests (`engine/mod.rs`, `cfg(test)`) and included by path
//! (`#[path]`) by `benches/engine.rs` (the design's benchmark), `tests/engine_properties.rs`
//! and `examples/hold.rs`; each includer has `Key` and `PendingQueue` in scope above it.

use super::{Key, PendingQueue};
use priority_queue::PriorityQueue;
use std::cmp::Reverse;
use std::collections::HashMap;

/// [`PendingQueue`] over the `priority-queue` crate. That crate is an *indexed* priority
/// queue (it supports changing an item's priority), so items need a hashable identity: the
/// sequence number, with the payloads kept in a side map. Kept for the benchmark.
pub struct PriorityQueueCrate<T> {
    queue: PriorityQueue<u64, Reverse<Key>>,
    items: HashMap<u64, T>,
}

impl<T> Default for PriorityQueueCrate<T> {
    fn default() -> Self {
        PriorityQueueCrate {
            queue: PriorityQueue::new(),
            items: HashMap::new(),
        }
    }
}

impl<T> PendingQueue<T> for PriorityQueueCrate<T> {
    fn push(&mut self, key: Key, item: T) {
        self.queue.push(key.seq(), Reverse(key));
        self.items.insert(key.seq(), item);
    }
    fn pop(&mut self) -> Option<(Key, T)> {
        let (seq, Reverse(key)) = self.queue.pop()?;
        let item = self.items.remove(&seq)?;
        Some((key, item))
    }
    fn len(&self) -> usize {
        self.queue.len()
    }
}
