//! The shape of the code, checked by parsing `src/` with `syn` (ARCHITECTURE.md's
//! invariants "no function over 150 lines", "the scenario is ground" and the layer order):
//!
//! 1. No function or method in `src/` (outside `#[cfg(test)]` modules) is longer than
//!    [`MAX_FN_LINES`] lines, from `fn` to its closing brace; every offender is listed with
//!    file, line and length.
//! 2. No file under `src/scenario/` mentions, even in a comment, a module above
//!    `scenario` (`crate::prepare::rollout`, `crate::prepare::replay`, …): the scenario is what the planner
//!    wrote, validated, and nothing derived from it.
//! 3. No module imports a module of a higher layer of [`LAYERS`] (`use crate::…`, paths
//!    `crate::x::…` in code and in macro bodies, and `super::…` out of a top-level module);
//!    [`STANDALONE`] modules (the engine, the plot module) import none at all.
//! 4. The modules of [`NO_IO`] name nothing that reads or writes files or the terminal.

use proc_macro2::{TokenStream, TokenTree};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use syn::visit::{self, Visit};

/// The longest a function may be, lines (its signature to its closing brace).
const MAX_FN_LINES: usize = 150;

/// ARCHITECTURE.md's module layers, lowest first. A module may import modules of its own
/// layer or lower ones, never a higher one.
const LAYERS: &[&[&str]] = &[
    // The ground: generic, knows no fire service.
    &["engine", "geo", "random", "cancel", "atomic_file", "travel"],
    // What the planner wrote, validated.
    &["scenario"],
    // What is derived from it before a run: the prepare step and what it builds on, the
    // incident streams, the static geography; synthetic scenarios for tests and benches.
    &[
        "staffing",
        "coverage",
        "rollout",
        "prepare",
        "demand",
        "replay",
        "synthetic",
        // Other services' records → firesim's input files (no IO).
        "import",
    ],
    &["dispatch"],
    &["model"],
    // Summarising a simulation: figures and estimates, records vs simulation, fitting.
    // (the micro stations' first action and the station districts are figures of a
    // replication, read beside the model, never by it)
    &["stats", "fidelity", "calibrate", "micro", "districts"],
    &["runner", "budget"],
    &["compare", "robustness", "shard"],
    &["report", "plot"],
    &["cli"],
];

/// Imports that break [`LAYERS`] today in code this test's branch does not own, each
/// `(from, to, why)`: listed so the test passes while they are fixed elsewhere. Empty: every
/// import follows the order.
const LAYER_EXCEPTIONS: &[(&str, &str, &str)] = &[];

/// Modules that import no other module of the crate: the engine knows nothing about fire
/// stations, the plot module nothing about the simulation. The plot module writes its files
/// through the one atomic writer, the only import it may have ([`STANDALONE_MAY_USE`]).
const STANDALONE: &[&str] = &["engine", "plot"];

/// The generic utilities a [`STANDALONE`] module may still use.
const STANDALONE_MAY_USE: &[&str] = &["atomic_file"];

/// ARCHITECTURE.md's "the model does no IO": modules that neither read nor write files nor
/// the terminal (only `scenario`, `report`, `plot` and `cli` do).
const NO_IO: &[&str] = &[
    "engine",
    "geo",
    "random",
    "cancel",
    "travel",
    "staffing",
    "coverage",
    "rollout",
    "prepare",
    "demand",
    "replay",
    "synthetic",
    "import",
    "dispatch",
    "model",
    "stats",
    "fidelity",
    "calibrate",
    "micro",
    "districts",
    "runner",
    "budget",
    "compare",
    "robustness",
    "shard",
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

/// The modules `scenario` may name: the ground layer and itself.
const SCENARIO_MAY_NAME: &[&str] = &["engine", "geo", "random", "travel", "scenario"];

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

/// The top-level modules a file refers to: `use crate::…`, paths starting `crate::`,
/// `crate :: x` in macro bodies, and `super::x` from a top-level module's own file.
struct Imports {
    /// Whether `super::x` leaves the module (the file is `src/x.rs` or `src/x/mod.rs`).
    super_is_root: bool,
    found: BTreeSet<String>,
}

impl Imports {
    fn use_tree(&mut self, tree: &syn::UseTree, first: bool, after_crate: bool) {
        match tree {
            syn::UseTree::Path(p) if first && p.ident == "crate" => {
                self.use_tree(&p.tree, false, true)
            }
            syn::UseTree::Path(p) if first && p.ident == "super" && self.super_is_root => {
                self.use_tree(&p.tree, false, true)
            }
            syn::UseTree::Path(p) if after_crate => {
                self.found.insert(p.ident.to_string());
            }
            syn::UseTree::Name(n) if after_crate => {
                self.found.insert(n.ident.to_string());
            }
            syn::UseTree::Rename(r) if after_crate => {
                self.found.insert(r.ident.to_string());
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(t, first, after_crate);
                }
            }
            _ => {}
        }
    }

    fn tokens(&mut self, ts: TokenStream) {
        let tokens: Vec<TokenTree> = ts.into_iter().collect();
        for (i, t) in tokens.iter().enumerate() {
            match t {
                TokenTree::Group(g) => self.tokens(g.stream()),
                TokenTree::Ident(id) if id == "crate" => {
                    if let (
                        Some(TokenTree::Punct(a)),
                        Some(TokenTree::Punct(b)),
                        Some(TokenTree::Ident(m)),
                    ) = (tokens.get(i + 1), tokens.get(i + 2), tokens.get(i + 3))
                        && a.as_char() == ':'
                        && b.as_char() == ':'
                    {
                        self.found.insert(m.to_string());
                    }
                }
                _ => {}
            }
        }
    }
}

impl<'ast> Visit<'ast> for Imports {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_test_only(&m.attrs) {
            visit::visit_item_mod(self, m);
        }
    }
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&u.tree, true, false);
    }
    fn visit_path(&mut self, p: &'ast syn::Path) {
        let mut segs = p.segments.iter();
        if let (Some(first), Some(second)) = (segs.next(), segs.next())
            && (first.ident == "crate" || (first.ident == "super" && self.super_is_root))
        {
            self.found.insert(second.ident.to_string());
        }
        visit::visit_path(self, p);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.tokens(m.tokens.clone());
        visit::visit_macro(self, m);
    }
}

/// The top-level module a file belongs to (`src/x.rs`, `src/x/…`); `None` for the crate
/// root files.
fn module_of(rel: &str) -> Option<String> {
    let inner = rel.strip_prefix("src/")?;
    if inner == "lib.rs" || inner == "main.rs" {
        return None;
    }
    Some(inner.split('/').next()?.trim_end_matches(".rs").to_string())
}

/// The top-level modules `file` (at `rel`) refers to.
fn imports_of(rel: &str, file: &syn::File) -> BTreeSet<String> {
    let inner = rel.strip_prefix("src/").unwrap_or(rel);
    let depth = inner.matches('/').count();
    let mut v = Imports {
        super_is_root: depth == 0 || (depth == 1 && inner.ends_with("/mod.rs")),
        found: BTreeSet::new(),
    };
    v.visit_file(file);
    v.found
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

#[test]
fn no_module_imports_a_module_above_it() {
    let mut broken = vec![];
    let mut unknown = BTreeSet::new();
    let mut excepted = BTreeSet::new();
    for (rel, file) in parsed() {
        let Some(module) = module_of(&rel) else {
            continue;
        };
        let Some(own) = layer_of(&module) else {
            unknown.insert(module.clone());
            continue;
        };
        for to in imports_of(&rel, &file) {
            if to == module || to == "self" || to == "super" {
                continue;
            }
            let Some(their) = layer_of(&to) else {
                unknown.insert(to);
                continue;
            };
            if STANDALONE.contains(&module.as_str()) && !STANDALONE_MAY_USE.contains(&to.as_str()) {
                broken.push(format!(
                    "{rel}: `{module}` imports `{to}` (it may import none)"
                ));
                continue;
            }
            if their <= own {
                continue;
            }
            if LAYER_EXCEPTIONS
                .iter()
                .any(|(f, t, _)| *f == module && *t == to)
            {
                excepted.insert((module.clone(), to));
                continue;
            }
            broken.push(format!(
                "{rel}: `{module}` (layer {own}) imports `{to}` (layer {their})"
            ));
        }
    }
    assert!(
        unknown.is_empty(),
        "modules missing from LAYERS (give each its place): {unknown:?}"
    );
    let stale: Vec<_> = LAYER_EXCEPTIONS
        .iter()
        .filter(|(f, t, _)| !excepted.contains(&(f.to_string(), t.to_string())))
        .collect();
    assert!(
        stale.is_empty(),
        "exceptions no longer needed (remove them): {stale:?}"
    );
    assert!(
        broken.is_empty(),
        "imports against ARCHITECTURE.md's layer order:\n  {}",
        broken.join("\n  ")
    );
}

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
        let Some(module) = module_of(&rel) else {
            continue;
        };
        if !NO_IO.contains(&module.as_str()) {
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
        "modules that do no IO name IO:\n  {}",
        found.join("\n  ")
    );
}

/// The import check can fail: `crate::` paths in `use` groups, code and macro bodies, and
/// `super::` out of a top-level module, are all found.
#[test]
fn the_import_check_sees_every_kind_of_path() {
    let text = r#"
        use crate::{model::Model, stats};
        use super::runner;
        fn f() { let _ = crate::report::x(); println!("{}", crate::cli::y()); }
        #[cfg(test)]
        mod tests { use crate::study::compare; }
    "#;
    let file = syn::parse_file(text).unwrap();
    let mut v = Imports {
        super_is_root: true,
        found: BTreeSet::new(),
    };
    v.visit_file(&file);
    let want: BTreeSet<String> = ["model", "stats", "runner", "report", "cli"]
        .map(String::from)
        .into();
    assert_eq!(v.found, want);
}

/// Every module of `src/` has a layer, and no module has two; the other lists name only
/// modules that exist.
#[test]
fn every_module_has_one_layer() {
    let mut seen = BTreeSet::new();
    for m in LAYERS.iter().flat_map(|l| l.iter()) {
        assert!(seen.insert(*m), "`{m}` is in two layers");
    }
    for m in STANDALONE.iter().chain(NO_IO).chain(SCENARIO_MAY_NAME) {
        assert!(seen.contains(m), "`{m}` is not a module in LAYERS");
    }
    for e in std::fs::read_dir(src()).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        if name == "lib" || name == "main" {
            continue;
        }
        assert!(
            seen.contains(name.as_str()),
            "src/{name} has no layer in LAYERS"
        );
    }
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
