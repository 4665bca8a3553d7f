//! The cluster files in deploy/: the Kubernetes manifests parse, run command lines the
//! CLI accepts, and agree with each other (completions = --shards, the parts folder on the
//! shared volume is where the shards write and the merge reads). Slurm runs for real in
//! deploy/slurm/test-local.sh (`.ci/run`).

use clap::Parser;
use firesim::cli::Cli;
use serde::Deserialize;
use serde_json::Value;

/// The YAML documents of a file under deploy/k8s/.
fn documents(name: &str) -> Vec<Value> {
    let path = format!("{}/deploy/k8s/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    serde_norway::Deserializer::from_str(&text)
        .map(|doc| Value::deserialize(doc).unwrap_or_else(|e| panic!("{path}: {e}")))
        .collect()
}

/// The one Job of `docs`.
fn job(docs: &[Value]) -> &Value {
    let jobs: Vec<&Value> = docs.iter().filter(|d| d["kind"] == "Job").collect();
    assert_eq!(jobs.len(), 1);
    jobs[0]
}

/// The Job's one container's command line, and the container.
fn command_line(job: &Value) -> (Vec<String>, &Value) {
    let containers = job["spec"]["template"]["spec"]["containers"]
        .as_array()
        .unwrap();
    assert_eq!(containers.len(), 1);
    let c = &containers[0];
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().expect("arguments are strings").to_string())
            .collect()
    };
    let mut argv = strings(&c["command"]);
    argv.extend(strings(&c["args"]));
    (argv, c)
}

/// The value after `flag` in `argv`.
fn flag<'a>(argv: &'a [String], flag: &str) -> &'a str {
    let i = argv
        .iter()
        .position(|a| a == flag)
        .unwrap_or_else(|| panic!("no {flag}"));
    &argv[i + 1]
}

/// Where the Job mounts the volume named `volume`, and which claim that volume is.
fn mount(job: &Value, container: &Value, volume: &str) -> (String, String) {
    let path = container["volumeMounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == volume)
        .unwrap()["mountPath"]
        .as_str()
        .unwrap()
        .to_string();
    let claim = job["spec"]["template"]["spec"]["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == volume)
        .unwrap()["persistentVolumeClaim"]["claimName"]
        .as_str()
        .unwrap()
        .to_string();
    (path, claim)
}

#[test]
fn the_indexed_job_runs_one_shard_per_completion_index() {
    let docs = documents("firesim-shards.yaml");
    let job = job(&docs);
    let spec = &job["spec"];
    assert_eq!(spec["completionMode"], "Indexed");
    let (argv, container) = command_line(job);
    // The CLI accepts the command line as written.
    let parsed = Cli::try_parse_from(&argv);
    assert!(parsed.is_ok(), "{argv:?}: {}", parsed.err().unwrap());
    assert_eq!(argv[1], "compare");
    assert_eq!(flag(&argv, "--shard"), "auto");
    let n: u64 = flag(&argv, "--shards").parse().unwrap();
    assert_eq!(
        spec["completions"].as_u64(),
        Some(n),
        "completions = --shards"
    );
    assert!(spec["parallelism"].as_u64().unwrap() <= n);
    // The parts go to the shared volume, which is a ReadWriteMany claim in the same file.
    let (mount_path, claim) = mount(job, container, "parts");
    assert!(flag(&argv, "--out").starts_with(&format!("{mount_path}/")));
    let pvc = docs
        .iter()
        .find(|d| d["kind"] == "PersistentVolumeClaim" && d["metadata"]["name"] == claim)
        .expect("the parts claim is defined");
    assert_eq!(pvc["spec"]["accessModes"][0], "ReadWriteMany");
    // --threads matches the CPUs the pod asks for.
    let cpus = container["resources"]["requests"]["cpu"].as_str().unwrap();
    assert_eq!(flag(&argv, "--threads"), cpus);
}

#[test]
fn the_merge_job_reads_the_shards_parts() {
    let shards = documents("firesim-shards.yaml");
    let (shard_argv, shard_container) = command_line(job(&shards));
    let merge = documents("firesim-merge.yaml");
    let (argv, container) = command_line(job(&merge));
    let parsed = Cli::try_parse_from(&argv);
    assert!(parsed.is_ok(), "{argv:?}: {}", parsed.err().unwrap());
    assert_eq!(argv[1], "merge");
    assert_eq!(
        argv[2],
        flag(&shard_argv, "--out"),
        "merge reads where the shards wrote"
    );
    assert_eq!(
        mount(job(&merge), container, "parts"),
        mount(job(&shards), shard_container, "parts"),
        "the same claim at the same path"
    );
}

#[test]
fn the_sbatch_script_adds_only_flags_the_cli_accepts() {
    // The array task appends `--shard auto --threads C` to its arguments; the usage
    // example in its header must parse with them.
    let path = format!(
        "{}/deploy/slurm/firesim-array.sbatch",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(r#"exec "$firesim" "$@" --shard auto --threads "${SLURM_CPUS_PER_TASK:-1}""#)
    );
    for example in [
        "compare scenarios/dafeng.toml --out results/dafeng/parts --shard auto --threads 2",
        "merge results/dafeng/parts --out results/dafeng/compare",
        "robustness scenarios/dafeng.toml --out results/dafeng/rparts --shard auto --threads 2",
        "merge results/dafeng/rparts --out results/dafeng/robustness",
    ] {
        assert!(text.contains(example.split(" --shard").next().unwrap()));
        let argv = std::iter::once("firesim").chain(example.split(' '));
        let parsed = Cli::try_parse_from(argv);
        assert!(parsed.is_ok(), "{example}: {}", parsed.err().unwrap());
    }
}
