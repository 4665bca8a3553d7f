//! Converters from other services' records into firesim's input files (incident CSV,
//! observed-responses CSV, scenario fragment). Each converter reads from readers and
//! returns the files' contents and what it kept and left out; it opens and writes no file
//! (the CLI's `import` does).

pub mod sf;
