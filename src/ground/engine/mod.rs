//! A tiny, generic discrete-event core: simulation time, an event queue with a total order,
//! and nothing else.
//!
//! The engine knows nothing about fire stations, incidents or units. A model defines its own
//! closed `enum` of events, says which *class* each event belongs to (classes break ties
//! between events at the same instant, e.g. "a unit clears before the next call is handled"),
//! and drives the loop itself. Events are small `Copy` values (the default queue moves
//! them as it sifts; a model keeps its state elsewhere and names it by index):
//!
//! ```
//! use firesim::ground::engine::{EventQueue, EventClass, SimTime};
//! #[derive(Clone, Copy, Debug)]
//! enum Ev { Tick }
//! impl EventClass for Ev { fn class(&self) -> u8 { 0 } }
//! let mut q = EventQueue::new();
//! q.schedule(SimTime::from_secs(5.0), Ev::Tick);
//! let (t, _ev) = q.pop().unwrap();
//! assert_eq!(t, SimTime::from_secs(5.0));
//! ```
//!
//! Ordering is by `(time, class, sequence number)`: the sequence number is the order of
//! scheduling, so equal keys resolve identically on every machine and every run.
//! Cancellation is lazy: [`EventQueue::cancel`] marks an event's id and [`EventQueue::pop`]
//! skips it when it surfaces.

#[cfg(test)]
mod priority_queue_crate;
mod queue;
mod time;

pub use queue::{
    EventClass, EventId, EventQueue, HeapQueue, Key, PendingQueue, QuadHeap, RadixHeap,
};
pub use time::SimTime;
