//! The shape of the code, checked by parsing `src/` with `syn` (ARCHITECTURE.md's
//! invariants "layers as folders", "no loop between files", "no function over 150 lines",
//! "no file over 800 lines", "a thin command line", "the scenario is ground" and "the model
//! does no IO"):
//!
//! 1. `src/` holds at most [`MAX_TOP_ENTRIES`] entries besides `lib.rs` and `main.rs`, each a
//!    layer of [`LAYERS`]: the folder a change belongs in shows in the tree.
//! 2. The file-level import graph: file A depends on file B when A names an item *defined*
//!    in B (in a `use`, or a `crate::`/`super::`/`self::` path, or a path through a `use`
//!    binding or a child module, in code and in macro bodies, outside `#[cfg(test)]`). A
//!    name a `mod.rs` re-exports (`pub use child::X`, or a glob) counts as defined where it
//!    is defined, and the re-export itself makes the `mod.rs` depend on the child. On that
//!    graph:
//!    - no file depends on a file of a higher layer ([`LAYERS`], by folder);
//!    - the standalone parts ([`STANDALONE`]: the event engine, the plot module) depend on
//!      nothing outside themselves but what they are allowed;
//!    - there is no cycle, inside folders too (every strongly connected component is
//!      listed with its edges).
//! 3. No function or method (outside `#[cfg(test)]` modules) is longer than
//!    [`MAX_FN_LINES`] lines, and no file longer than [`MAX_FILE_LINES`] lines outside its
//!    `#[cfg(test)]` modules; no file of `src/cli/` is longer than [`MAX_CLI_LINES`].
//! 4. No file under `src/scenario/` mentions, even in a comment, a folder above `scenario`
//!    (`crate::prepare`, `crate::sim`, …): the scenario is what the planner wrote,
//!    validated, and nothing derived from it.
//! 5. The files of [`NO_IO`] name nothing that reads or writes files or the terminal.
//!
//! Each check has a companion test on a made-up tree or text showing that it can fail.

use proc_macro2::{TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::{self, Visit};

/// The longest a function may be, lines (its signature to its closing brace).
const MAX_FN_LINES: usize = 150;

/// The longest a source file may be, lines outside its `#[cfg(test)]` modules.
const MAX_FILE_LINES: usize = 800;

/// The longest a file of the command line may be, lines (all of them): a `cli` file parses
/// its flags and calls one entry point of `commands`.
const MAX_CLI_LINES: usize = 250;

/// The most entries `src/` may hold besides `lib.rs` and `main.rs`.
const MAX_TOP_ENTRIES: usize = 10;

/// ARCHITECTURE.md's layers, lowest first: each a folder of `src/`. A file may depend on
/// files of its own folder or of lower ones, never of a higher one.
const LAYERS: &[&str] = &[
    // Generic, knows no fire service: the event engine, geometry, random streams, the stop
    // flag, the atomic file writer.
    "ground", // Travel-time models (acceleration–cruise, matrix, road network).
    "travel", // What the planner wrote, validated.
    "scenario",
    // What is derived from it before a run: the prepare step, rollouts' dated headcount,
    // crewing, incident streams, static geography, synthetic scenarios, imports.
    "prepare",
    // The simulation: dispatch policies and the fire-service model on the engine.
    "sim",
    // What a replication measures: figures and estimates, records vs simulation, fitting,
    // the micro stations' first action, the station districts.
    "stats",
    // Studies over many replications: runner, budget, comparison, robustness, shards.
    "study",    // Results on disk: exporters, the report page, charts.
    "report",   // What each command does, with files.
    "commands", // The command line: flags only.
    "cli",
];

/// Parts that depend on nothing outside themselves except the files named: the engine
/// knows nothing about fire stations, the plot module nothing about the simulation (it
/// writes its files through the one atomic writer).
const STANDALONE: &[(&str, &[&str])] = &[
    ("src/ground/engine/", &[]),
    ("src/report/plot/", &["src/ground/atomic_file.rs"]),
];

/// ARCHITECTURE.md's "the model does no IO": the files (path prefixes) that neither read
/// nor write files nor the terminal (only `scenario`, `report`, `commands`, `cli` and the
/// atomic writer do).
const NO_IO: &[&str] = &[
    "src/ground/engine/",
    "src/ground/geo.rs",
    "src/ground/random.rs",
    "src/ground/cancel.rs",
    "src/travel/",
    "src/prepare/",
    "src/sim/",
    "src/stats/",
    "src/study/",
];

/// Names only file or terminal IO uses (paths, types, functions and macros).
const IO_NAMES: &[&str] = &[
    "fs",
    "File",
    "OpenOptions",
    "from_path",
    "read_to_string",
    "read_dir",
    "create_dir_all",
    "stdin",
    "stdout",
    "stderr",
    "print",
    "println",
    "eprint",
    "eprintln",
];

/// The folders `scenario` may name: the ground, travel and itself.
const SCENARIO_MAY_NAME: &[&str] = &["ground", "travel", "scenario"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every source file of the library: (path relative to the crate, parsed file).
fn parsed() -> Vec<(String, syn::File)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![];
    rust_files(&src(), &mut files);
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&p).unwrap();
            let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
            (rel, file)
        })
        .collect()
}

/// `#[cfg(test)]` (or any `cfg(...)` naming `test`) on an item.
fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta.require_list().is_ok_and(|l| {
                l.tokens
                    .to_string()
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|w| w == "test")
            })
    })
}

/// Functions and their lengths, outside test-only modules.
struct Lengths {
    found: Vec<(usize, String, usize)>,
}

impl Lengths {
    fn record(&mut self, name: &syn::Ident, sig: &syn::Signature, block: &syn::Block) {
        let start = sig.fn_token.span.start().line;
        let end = block.brace_token.span.close().end().line;
        self.found.push((start, name.to_string(), end + 1 - start));
    }
}

impl<'ast> Visit<'ast> for Lengths {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_test_only(&m.attrs) {
            visit::visit_item_mod(self, m);
        }
    }
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if is_test_only(&f.attrs) {
            return;
        }
        self.record(&f.sig.ident, &f.sig, &f.block);
        visit::visit_item_fn(self, f);
    }
    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if is_test_only(&f.attrs) {
            return;
        }
        self.record(&f.sig.ident, &f.sig, &f.block);
        visit::visit_impl_item_fn(self, f);
    }
    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.record(&f.sig.ident, &f.sig, block);
        }
        visit::visit_trait_item_fn(self, f);
    }
}

#[test]
fn no_function_is_longer_than_150_lines() {
    let mut offenders = vec![];
    let mut longest = (0, String::new());
    for (rel, file) in parsed() {
        let mut v = Lengths { found: vec![] };
        v.visit_file(&file);
        for (line, name, len) in v.found {
            if len > longest.0 {
                longest = (len, format!("{rel}:{line} {name}"));
            }
            if len <= MAX_FN_LINES {
                continue;
            }
            offenders.push(format!("{rel}:{line} `{name}`: {len} lines"));
        }
    }
    eprintln!("longest function: {} lines ({})", longest.0, longest.1);
    assert!(
        offenders.is_empty(),
        "functions longer than {MAX_FN_LINES} lines (split them):\n  {}",
        offenders.join("\n  ")
    );
}

/// The check itself can fail: a made-up long function is found, with its length.
#[test]
fn the_length_check_sees_a_long_function() {
    let body = "    x += 1;\n".repeat(MAX_FN_LINES);
    let text = format!(
        "impl A {{\n    fn long(x: &mut u32) {{\n{body}    }}\n}}\n#[cfg(test)]\nmod tests {{\n    fn also_long() {{\n{body}    }}\n}}\n"
    );
    let file = syn::parse_file(&text).unwrap();
    let mut v = Lengths { found: vec![] };
    v.visit_file(&file);
    assert_eq!(v.found, vec![(2, "long".to_string(), MAX_FN_LINES + 2)]);
}

#[test]
fn the_scenario_names_no_module_above_it() {
    let mut files = vec![];
    rust_files(&src().join("scenario"), &mut files);
    assert!(!files.is_empty());
    let mut found = vec![];
    for p in files {
        let text = std::fs::read_to_string(&p).unwrap();
        for (n, line) in text.lines().enumerate() {
            for (at, _) in line.match_indices("crate::") {
                let name: String = line[at + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !SCENARIO_MAY_NAME.contains(&name.as_str()) {
                    found.push(format!("{}:{}: {}", p.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "src/scenario/ may name only {SCENARIO_MAY_NAME:?}; it names:\n  {}",
        found.join("\n  ")
    );
}

// ---------------------------------------------------------------------------------------
// The file-level import graph.

/// A path as written: its segments (`crate`, `super`, `self`, names).
type Segs = Vec<String>;

/// What one source file binds and names, outside test-only code.
#[derive(Default)]
struct FileInfo {
    /// Its module path (`src/a/b.rs` and `src/a/b/mod.rs`: `[a, b]`; `src/lib.rs`: `[]`).
    module: Segs,
    /// The names of the items it defines (structs, enums, functions, traits, types,
    /// constants, statics, macros, inline modules).
    defines: BTreeSet<String>,
    /// Its `use` bindings: the name in scope → the path as written.
    binds: BTreeMap<String, Segs>,
    /// Its glob imports (`use x::*`), paths as written.
    globs: Vec<Segs>,
    /// Every path it names (`use` paths, and paths in code and macro bodies), as written.
    named: Vec<Segs>,
}

/// Collects a file's [`FileInfo`].
struct Collect<'a> {
    info: &'a mut FileInfo,
    /// Nesting of inline modules (their items are the file's own).
    depth: usize,
}

impl Collect<'_> {
    fn use_tree(&mut self, prefix: &mut Segs, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let (name, path) = if n.ident == "self" {
                    (prefix.last().cloned().unwrap_or_default(), prefix.clone())
                } else {
                    let mut p = prefix.clone();
                    p.push(n.ident.to_string());
                    (n.ident.to_string(), p)
                };
                self.info.named.push(path.clone());
                self.info.binds.insert(name, path);
            }
            syn::UseTree::Rename(r) => {
                let mut p = prefix.clone();
                if r.ident != "self" {
                    p.push(r.ident.to_string());
                }
                self.info.named.push(p.clone());
                self.info.binds.insert(r.rename.to_string(), p);
            }
            syn::UseTree::Glob(_) => self.info.globs.push(prefix.clone()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }

    /// `a :: b :: c` sequences in a macro body.
    fn tokens(&mut self, ts: TokenStream) {
        let tokens: Vec<TokenTree> = ts.into_iter().collect();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                TokenTree::Group(g) => self.tokens(g.stream()),
                TokenTree::Ident(id) => {
                    let mut path = vec![id.to_string()];
                    let mut j = i;
                    while let (
                        Some(TokenTree::Punct(a)),
                        Some(TokenTree::Punct(b)),
                        Some(TokenTree::Ident(next)),
                    ) = (tokens.get(j + 1), tokens.get(j + 2), tokens.get(j + 3))
                    {
                        if a.as_char() != ':' || b.as_char() != ':' {
                            break;
                        }
                        path.push(next.to_string());
                        j += 3;
                    }
                    if path.len() > 1 {
                        self.info.named.push(path);
                    }
                    i = j;
                }
                _ => {}
            }
            i += 1;
        }
    }

    fn define(&mut self, name: &syn::Ident) {
        if self.depth == 0 {
            self.info.defines.insert(name.to_string());
        }
    }
}

impl<'ast> Visit<'ast> for Collect<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Fn(i) => &i.attrs,
            syn::Item::Mod(i) => &i.attrs,
            syn::Item::Use(i) => &i.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Struct(i) => &i.attrs,
            syn::Item::Enum(i) => &i.attrs,
            syn::Item::Const(i) => &i.attrs,
            _ => &vec![],
        };
        if is_test_only(attrs) {
            return;
        }
        match item {
            syn::Item::Struct(i) => self.define(&i.ident),
            syn::Item::Enum(i) => self.define(&i.ident),
            syn::Item::Fn(i) => self.define(&i.sig.ident),
            syn::Item::Trait(i) => self.define(&i.ident),
            syn::Item::Type(i) => self.define(&i.ident),
            syn::Item::Const(i) => self.define(&i.ident),
            syn::Item::Static(i) => self.define(&i.ident),
            syn::Item::Union(i) => self.define(&i.ident),
            syn::Item::Macro(i) => {
                if let Some(id) = &i.ident {
                    self.define(id);
                }
            }
            syn::Item::Mod(m) if m.content.is_some() => {
                self.define(&m.ident);
                self.depth += 1;
                visit::visit_item(self, item);
                self.depth -= 1;
                return;
            }
            syn::Item::Use(u) => {
                self.use_tree(&mut vec![], &u.tree);
                return;
            }
            _ => {}
        }
        visit::visit_item(self, item);
    }
    fn visit_path(&mut self, p: &'ast syn::Path) {
        if p.segments.len() > 1 {
            self.info
                .named
                .push(p.segments.iter().map(|s| s.ident.to_string()).collect());
        }
        visit::visit_path(self, p);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.tokens(m.tokens.clone());
        visit::visit_macro(self, m);
    }
}

/// The module path of a source file (`None`: `main.rs`, which only calls the library).
fn module_path(rel: &str) -> Option<Segs> {
    let inner = rel.strip_prefix("src/")?.strip_suffix(".rs")?;
    if inner == "main" {
        return None;
    }
    if inner == "lib" {
        return Some(vec![]);
    }
    let mut segs: Segs = inner.split('/').map(String::from).collect();
    if segs.last().is_some_and(|s| s == "mod") {
        segs.pop();
    }
    Some(segs)
}

/// What a path resolves to.
#[derive(Debug, PartialEq)]
enum Target {
    /// A module as such (its file): a `use` of a module binds a name, it depends on
    /// nothing until a path goes through it.
    Module(usize),
    /// An item of a file; `true` when the file defines (or binds) the name.
    Item(usize, bool),
}

/// Every source file with what it binds and names, and the graph of which file depends
/// on which.
struct FileGraph {
    rels: Vec<String>,
    infos: Vec<FileInfo>,
    by_module: BTreeMap<Segs, usize>,
}

impl FileGraph {
    fn new(files: &[(String, syn::File)]) -> FileGraph {
        let mut g = FileGraph {
            rels: vec![],
            infos: vec![],
            by_module: BTreeMap::new(),
        };
        for (rel, file) in files {
            let Some(module) = module_path(rel) else {
                continue;
            };
            let mut info = FileInfo {
                module: module.clone(),
                ..FileInfo::default()
            };
            Collect {
                info: &mut info,
                depth: 0,
            }
            .visit_file(file);
            g.by_module.insert(module, g.rels.len());
            g.rels.push(rel.clone());
            g.infos.push(info);
        }
        g
    }

    /// `path` as written in file `f`, from the crate root; `None` for a path into another
    /// crate, the standard library or a local item.
    fn absolute(&self, f: usize, path: &[String], depth: usize) -> Option<Segs> {
        let info = &self.infos[f];
        let first = path.first()?;
        let mut out;
        let rest;
        match first.as_str() {
            "crate" => {
                out = vec![];
                rest = &path[1..];
            }
            "super" => {
                out = info.module.clone();
                let mut i = 0;
                while path.get(i).is_some_and(|s| s == "super") {
                    out.pop()?;
                    i += 1;
                }
                rest = &path[i..];
            }
            "self" => {
                out = info.module.clone();
                rest = &path[1..];
            }
            name => {
                let mut child = info.module.clone();
                child.push(name.to_string());
                if self.by_module.contains_key(&child) {
                    out = info.module.clone();
                    rest = path;
                } else if let Some(bound) = info.binds.get(name)
                    && bound.first().is_none_or(|b| b != name)
                    && depth < 8
                {
                    out = self.absolute(f, bound, depth + 1)?;
                    rest = &path[1..];
                } else {
                    return None;
                }
            }
        }
        out.extend(rest.iter().cloned());
        Some(out)
    }

    /// The file an absolute path leads to, following `use` bindings and globs.
    fn resolve(&self, path: &[String], depth: usize) -> Option<Target> {
        if depth > 16 {
            return None;
        }
        let mut module: Segs = vec![];
        for (i, seg) in path.iter().enumerate() {
            let f = *self.by_module.get(&module)?;
            let mut child = module.clone();
            child.push(seg.clone());
            if self.by_module.contains_key(&child) {
                module = child;
                continue;
            }
            let info = &self.infos[f];
            if info.defines.contains(seg) {
                return Some(Target::Item(f, true));
            }
            if let Some(bound) = info.binds.get(seg)
                && let Some(mut abs) = self.absolute(f, bound, 0)
            {
                abs.extend(path[i + 1..].iter().cloned());
                return Some(
                    self.resolve(&abs, depth + 1)
                        .unwrap_or(Target::Item(f, true)),
                );
            }
            for glob in &info.globs {
                if let Some(mut abs) = self.absolute(f, glob, 0) {
                    abs.extend(path[i..].iter().cloned());
                    if let Some(t @ (Target::Item(_, true) | Target::Module(_))) =
                        self.resolve(&abs, depth + 1)
                    {
                        return Some(t);
                    }
                }
            }
            return Some(Target::Item(f, false));
        }
        self.by_module.get(&module).map(|&f| Target::Module(f))
    }

    /// Every file's dependencies: `edges[a]` holds `b` when file `a` depends on file `b`.
    fn edges(&self) -> Vec<BTreeSet<usize>> {
        (0..self.rels.len())
            .map(|f| {
                let info = &self.infos[f];
                let mut out = BTreeSet::new();
                for path in &info.named {
                    let Some(abs) = self.absolute(f, path, 0) else {
                        continue;
                    };
                    if let Some(Target::Item(to, _)) = self.resolve(&abs, 0) {
                        out.insert(to);
                    }
                }
                for glob in &info.globs {
                    let target = self.absolute(f, glob, 0).and_then(|a| self.resolve(&a, 0));
                    if let Some(Target::Module(to) | Target::Item(to, _)) = target {
                        out.insert(to);
                    }
                }
                out.remove(&f);
                out
            })
            .collect()
    }

    /// The strongly connected components of more than one file, each with its edges
    /// inside the component (`a -> b, c`).
    fn cycles(&self) -> Vec<Vec<String>> {
        let edges = self.edges();
        let comps = strongly_connected(&edges);
        comps
            .into_iter()
            .filter(|c| c.len() > 1)
            .map(|c| {
                let set: BTreeSet<usize> = c.iter().copied().collect();
                let mut lines: Vec<String> = c
                    .iter()
                    .map(|&a| {
                        let to: Vec<&str> = edges[a]
                            .iter()
                            .filter(|b| set.contains(b))
                            .map(|&b| self.rels[b].as_str())
                            .collect();
                        format!("{} -> {}", self.rels[a], to.join(", "))
                    })
                    .collect();
                lines.sort();
                lines
            })
            .collect()
    }
}

/// Tarjan's strongly connected components (recursive; the crate has a few hundred files).
fn strongly_connected(edges: &[BTreeSet<usize>]) -> Vec<Vec<usize>> {
    struct State<'e> {
        edges: &'e [BTreeSet<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in s.edges[v].iter() {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut comp = vec![];
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                comp.push(w);
                if w == v {
                    break;
                }
            }
            comp.sort();
            s.out.push(comp);
        }
    }
    let n = edges.len();
    let mut s = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: vec![],
        next: 0,
        out: vec![],
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.out
}

/// The layer folder of a file (`src/prepare/rollout/mod.rs`: `prepare`); `None` for the
/// crate root files.
fn folder_of(rel: &str) -> Option<&str> {
    let inner = rel.strip_prefix("src/")?;
    let (first, _) = inner.split_once('/')?;
    Some(first)
}

fn layer_of(folder: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == folder)
}

/// What breaks the layer order and the standalone parts on a graph.
fn layer_violations(g: &FileGraph) -> Vec<String> {
    let edges = g.edges();
    let mut broken = vec![];
    for (a, to) in edges.iter().enumerate() {
        let rel = &g.rels[a];
        for &b in to {
            let other = &g.rels[b];
            for (part, may_use) in STANDALONE {
                if rel.starts_with(part)
                    && !other.starts_with(part)
                    && !may_use.contains(&other.as_str())
                {
                    broken.push(format!("{rel} depends on {other} (standalone: {part})"));
                }
            }
            let (Some(fa), Some(fb)) = (folder_of(rel), folder_of(other)) else {
                continue;
            };
            match (layer_of(fa), layer_of(fb)) {
                (Some(la), Some(lb)) if lb > la => broken.push(format!(
                    "{rel} (layer {la}, {fa}) depends on {other} (layer {lb}, {fb})"
                )),
                (None, _) | (_, None) => broken.push(format!("{rel} or {other}: no layer")),
                _ => {}
            }
        }
    }
    broken
}

#[test]
fn src_shows_the_layers_as_folders() {
    let mut entries = vec![];
    for e in std::fs::read_dir(src()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().to_string();
        if name != "lib.rs" && name != "main.rs" {
            entries.push(name);
        }
    }
    entries.sort();
    assert!(
        entries.len() <= MAX_TOP_ENTRIES,
        "src/ holds {} entries besides lib.rs and main.rs (at most {MAX_TOP_ENTRIES}): {entries:?}",
        entries.len()
    );
    for name in &entries {
        assert!(
            layer_of(name).is_some(),
            "src/{name} is not a layer folder of LAYERS"
        );
    }
    for layer in LAYERS {
        assert!(
            entries.iter().any(|e| e == layer),
            "LAYERS names {layer}, not in src/"
        );
    }
    for (part, may_use) in STANDALONE {
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(part).exists(),
            "{part}"
        );
        for m in *may_use {
            assert!(
                Path::new(env!("CARGO_MANIFEST_DIR")).join(m).exists(),
                "{m}"
            );
        }
    }
    for p in NO_IO {
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(p).exists(),
            "{p}"
        );
    }
}

#[test]
fn no_file_depends_on_a_file_of_a_higher_layer() {
    let g = FileGraph::new(&parsed());
    let broken = layer_violations(&g);
    assert!(
        broken.is_empty(),
        "dependencies against ARCHITECTURE.md's layer order:\n  {}",
        broken.join("\n  ")
    );
}

#[test]
fn no_import_loop_between_files() {
    let g = FileGraph::new(&parsed());
    let edges: usize = g.edges().iter().map(|e| e.len()).sum();
    eprintln!("{} files, {edges} file dependencies", g.rels.len());
    // A graph this size with no edge at all would mean the parser sees nothing.
    assert!(
        edges > 2 * g.rels.len(),
        "{edges} edges: the graph is not being read"
    );
    let cycles = g.cycles();
    assert!(
        cycles.is_empty(),
        "import loops between files (move the shared piece into a third, lower file):\n{}",
        cycles
            .iter()
            .map(|c| format!("  {}", c.join("\n  ")))
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

/// A made-up tree as [`parsed`] gives it.
fn tree(files: &[(&str, &str)]) -> Vec<(String, syn::File)> {
    files
        .iter()
        .map(|(rel, text)| (rel.to_string(), syn::parse_file(text).unwrap()))
        .collect()
}

/// The cycle check can fail: a `mod.rs` that re-exports a child and defines what the
/// child uses is a loop; moving the shared piece into a third file ends it; a name used
/// through the re-export counts as the child's, not the `mod.rs`'s.
#[test]
fn the_cycle_check_finds_a_loop_through_a_mod_rs() {
    let looped = tree(&[
        ("src/lib.rs", "pub mod a;"),
        (
            "src/a/mod.rs",
            "mod x; mod y; pub use x::X; pub struct Shared;",
        ),
        ("src/a/x.rs", "use super::Shared; pub struct X(Shared);"),
        ("src/a/y.rs", "use super::X; pub fn y(_: X) {}"),
    ]);
    let g = FileGraph::new(&looped);
    assert_eq!(
        g.cycles(),
        vec![vec![
            "src/a/mod.rs -> src/a/x.rs".to_string(),
            "src/a/x.rs -> src/a/mod.rs".to_string()
        ]]
    );
    let fixed = tree(&[
        ("src/lib.rs", "pub mod a;"),
        (
            "src/a/mod.rs",
            "mod shared; mod x; mod y; pub use shared::Shared; pub use x::X;",
        ),
        ("src/a/shared.rs", "pub struct Shared;"),
        (
            "src/a/x.rs",
            "use super::Shared; pub struct X(super::Shared);",
        ),
        ("src/a/y.rs", "use super::X; pub fn y(_: X) {}"),
    ]);
    assert!(FileGraph::new(&fixed).cycles().is_empty());
}

/// The graph sees every kind of path: `use` groups and renames, `crate::`, `super::` and
/// `self::` paths in code, paths through a `use` binding of a module and through globs,
/// paths in macro bodies; it leaves out test-only code and imports of modules as such.
#[test]
fn the_graph_sees_every_kind_of_path() {
    let files = tree(&[
        ("src/lib.rs", "pub mod a; pub mod b; pub mod c;"),
        (
            "src/a/mod.rs",
            r#"
            mod g; mod m; mod n; mod q;
            use crate::b::{self, B as Bee};
            use crate::c;
            pub use g::*;
            fn f() {
                let _ = crate::b::inner::deep();
                let _ = self::m::M;
                println!("{}", super::c::C);
                let _ = c::nested::Z;
            }
            #[cfg(test)]
            mod tests { use crate::a::n::N; }
            "#,
        ),
        ("src/a/g.rs", "pub struct G;"),
        ("src/a/m.rs", "pub struct M;"),
        ("src/a/n.rs", "pub struct N;"),
        ("src/a/q.rs", "fn q() -> super::G { super::G }"),
        ("src/b/mod.rs", "pub mod inner; pub struct B;"),
        ("src/b/inner.rs", "pub fn deep() {}"),
        ("src/c/mod.rs", "pub mod nested; pub const C: u8 = 0;"),
        ("src/c/nested.rs", "pub struct Z;"),
    ]);
    let g = FileGraph::new(&files);
    let edges = g.edges();
    let of = |rel: &str| {
        let i = g.rels.iter().position(|r| r == rel).unwrap();
        edges[i]
            .iter()
            .map(|&j| g.rels[j].as_str())
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(
        of("src/a/mod.rs"),
        BTreeSet::from([
            "src/a/g.rs",
            "src/a/m.rs",
            "src/b/inner.rs",
            "src/b/mod.rs",
            "src/c/mod.rs",
            "src/c/nested.rs",
        ])
    );
    // Through the glob re-export, `super::G` is g.rs's.
    assert_eq!(of("src/a/q.rs"), BTreeSet::from(["src/a/g.rs"]));
}

/// The layer check can fail: a lower folder naming a higher one, and the engine naming
/// anything outside itself, are found.
#[test]
fn the_layer_check_sees_an_upward_dependency() {
    let files = tree(&[
        ("src/lib.rs", "pub mod ground; pub mod sim;"),
        ("src/ground/mod.rs", "pub mod engine; pub mod geo;"),
        (
            "src/ground/engine/mod.rs",
            "pub fn e() -> crate::ground::geo::P { crate::sim::S::default() }",
        ),
        ("src/ground/geo.rs", "pub struct P;"),
        ("src/sim/mod.rs", "#[derive(Default)] pub struct S;"),
    ]);
    let broken = layer_violations(&FileGraph::new(&files));
    assert_eq!(
        broken,
        vec![
            "src/ground/engine/mod.rs depends on src/ground/geo.rs (standalone: src/ground/engine/)"
                .to_string(),
            "src/ground/engine/mod.rs depends on src/sim/mod.rs (standalone: src/ground/engine/)"
                .to_string(),
            "src/ground/engine/mod.rs (layer 0, ground) depends on src/sim/mod.rs (layer 4, sim)"
                .to_string(),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// File lengths.

/// Lines of a file outside its `#[cfg(test)]` modules (attributes included).
fn lines_outside_tests(text: &str, file: &syn::File) -> usize {
    let total = text.lines().count();
    let mut test_lines = 0;
    for item in &file.items {
        if let syn::Item::Mod(m) = item
            && is_test_only(&m.attrs)
            && let Some((brace, _)) = &m.content
        {
            let start = m.attrs[0].pound_token.span.start().line;
            let end = brace.span.close().end().line;
            test_lines += end + 1 - start;
        }
    }
    total - test_lines
}

#[test]
fn no_file_is_longer_than_800_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offenders = vec![];
    let mut longest = vec![];
    for (rel, file) in parsed() {
        let text = std::fs::read_to_string(root.join(&rel)).unwrap();
        let n = lines_outside_tests(&text, &file);
        longest.push((n, rel.clone()));
        if n > MAX_FILE_LINES {
            offenders.push(format!("{rel}: {n} lines outside tests"));
        }
        if rel.starts_with("src/cli/") && text.lines().count() > MAX_CLI_LINES {
            offenders.push(format!(
                "{rel}: {} lines (a cli file parses flags and calls commands; at most {MAX_CLI_LINES})",
                text.lines().count()
            ));
        }
    }
    longest.sort_by(|a, b| b.cmp(a));
    eprintln!("longest files (lines outside tests): {:?}", &longest[..5]);
    assert!(
        offenders.is_empty(),
        "files too long (split them by what they hold):\n  {}",
        offenders.join("\n  ")
    );
}

/// The file-length check can fail: a long file is counted without its test module.
#[test]
fn the_file_length_check_counts_outside_tests() {
    let text = format!(
        "fn a() {{}}\n{}#[cfg(test)]\nmod tests {{\n{}}}\n",
        "// x\n".repeat(10),
        "    // y\n".repeat(20)
    );
    let file = syn::parse_file(&text).unwrap();
    assert_eq!(lines_outside_tests(&text, &file), 11);
}

// ---------------------------------------------------------------------------------------
// Function lengths, the scenario's names, IO.

/// Identifiers a file uses outside test-only code, macro bodies included.
struct Names {
    found: BTreeSet<String>,
}

impl Names {
    fn tokens(&mut self, ts: TokenStream) {
        for t in ts {
            match t {
                TokenTree::Group(g) => self.tokens(g.stream()),
                TokenTree::Ident(id) => {
                    self.found.insert(id.to_string());
                }
                _ => {}
            }
        }
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_test_only(&m.attrs) {
            visit::visit_item_mod(self, m);
        }
    }
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if !is_test_only(&f.attrs) {
            visit::visit_item_fn(self, f);
        }
    }
    fn visit_ident(&mut self, i: &'ast proc_macro2::Ident) {
        self.found.insert(i.to_string());
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.tokens(m.tokens.clone());
        visit::visit_macro(self, m);
    }
}

#[test]
fn the_model_does_no_io() {
    let mut found = vec![];
    for (rel, file) in parsed() {
        if !NO_IO.iter().any(|p| rel.starts_with(p)) {
            continue;
        }
        let mut v = Names {
            found: BTreeSet::new(),
        };
        v.visit_file(&file);
        for name in IO_NAMES.iter().filter(|n| v.found.contains(**n)) {
            found.push(format!("{rel}: `{name}`"));
        }
    }
    assert!(
        found.is_empty(),
        "files that do no IO name IO:\n  {}",
        found.join("\n  ")
    );
}

/// The IO check can fail: file and terminal names in code and macro bodies are found, and
/// test-only code is left out.
#[test]
fn the_io_check_sees_file_and_terminal_names() {
    let text = r#"
        fn f() { let _ = std::fs::write("x", ""); log!(eprintln!("y")); }
        #[cfg(test)]
        mod tests { fn g() { let _ = File::open("z"); } }
    "#;
    let file = syn::parse_file(text).unwrap();
    let mut v = Names {
        found: BTreeSet::new(),
    };
    v.visit_file(&file);
    let io: Vec<&str> = IO_NAMES
        .iter()
        .copied()
        .filter(|n| v.found.contains(*n))
        .collect();
    assert_eq!(io, ["fs", "eprintln"]);
}
