//! The report as a user sees it: `report.html` opened in headless Chromium (Debian's
//! `chromium`), checked for charts that rendered, console errors, network requests, a
//! title and heading, and the fonts it embeds; a full-page screenshot is saved for people
//! to look at (`target/report-screenshot.png` for the Dafeng report).
//!
//! Chromium is driven over its DevTools protocol on `--remote-debugging-pipe` (JSON
//! messages ending in NUL on file descriptors 3 and 4) with nothing but `serde_json`:
//! CDP client crates pull in a websocket stack and the whole generated protocol, far more
//! to compile than the handful of commands used here.
//!
//! Without `/usr/bin/chromium` these tests print a `SKIPPED: …` line and pass, so
//! `cargo test` works on a fresh machine; with `FIRESIM_REQUIRE_BROWSER=1` (set by
//! `.ci/run`, which installs Chromium) a missing browser fails them instead.

mod common;
use common::{firesim, s, stderr};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";

/// How long any one step (start, a command, the page load) may take before the test gives up.
const STEP: Duration = Duration::from_secs(60);
/// After the load event, the page counts as settled once no event came for this long.
const QUIET: Duration = Duration::from_millis(750);

/// One Chromium at a time: the machine has two cores, shared with the simulator tests.
static BROWSER: Mutex<()> = Mutex::new(());

/// The Chromium binary, or `None` when it is missing and `FIRESIM_REQUIRE_BROWSER=1` is
/// not set: the test then passes after a `SKIPPED` line written straight to stderr (not
/// through `eprintln!`, which the test harness captures and hides for passing tests).
/// With `FIRESIM_REQUIRE_BROWSER=1` (as `.ci/run` sets) a missing Chromium fails the test.
fn chromium() -> Option<PathBuf> {
    // FIRESIM_CHROMIUM names another browser binary (or a missing one, to see the skip).
    let exe = std::env::var_os("FIRESIM_CHROMIUM").map_or(PathBuf::from(CHROMIUM), PathBuf::from);
    if exe.exists() {
        return Some(exe);
    }
    let required = std::env::var("FIRESIM_REQUIRE_BROWSER").as_deref() == Ok("1");
    assert!(
        !required,
        "{} is missing and FIRESIM_REQUIRE_BROWSER=1: the browser tests need \
         Chromium. Install it with `apt-get install chromium fonts-dejavu-core` (or run \
         `.ci/run`, which installs it).",
        exe.display()
    );
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: browser check of report.html: {} is missing \
         (install chromium, or run .ci/run)",
        exe.display()
    );
    None
}

/// What the browser saw of one page.
#[derive(Debug, Default)]
struct Report {
    url: String,
    title: String,
    heading: String,
    /// Visible text of the body.
    text: String,
    tables: usize,
    /// Every `<svg>` and `<img>` in the document.
    graphics: Vec<Graphic>,
    /// `(family, status)` of every font face in `document.fonts`.
    fonts: Vec<(String, String)>,
    /// console.error/assert calls, uncaught exceptions and log entries of level error.
    console_errors: Vec<String>,
    /// Every request the page made, the page itself included.
    requests: Vec<String>,
    screenshot: PathBuf,
    screenshot_size: (u32, u32),
    /// Everything that a user would see as broken; empty when the page is fine.
    failures: Vec<String>,
}

#[derive(Debug)]
struct Graphic {
    tag: String,
    label: String,
    width: f64,
    height: f64,
    /// For `<img>`: the image decoded (`naturalWidth > 0`). Always true for `<svg>`.
    loaded: bool,
}

impl Report {
    fn assert_ok(&self) {
        assert!(
            self.failures.is_empty(),
            "{} looks broken in Chromium (screenshot: {}):\n  - {}",
            self.url,
            self.screenshot.display(),
            self.failures.join("\n  - ")
        );
    }

    fn has_failure(&self, needle: &str) -> bool {
        self.failures.iter().any(|f| f.contains(needle))
    }
}

/// Open `page` in headless Chromium and report what a user would see broken; the
/// screenshot goes to `target/tmp/browser/<file stem>.png`. Panics if the browser itself
/// cannot be driven (that is no verdict on the page). Returns `None` when skipped.
fn check_page(page: &Path) -> Option<Report> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).unwrap();
    let stem = page.file_stem().unwrap().to_string_lossy();
    check_page_to(page, &dir.join(format!("{stem}.png")))
}

fn check_page_to(page: &Path, screenshot: &Path) -> Option<Report> {
    let exe = chromium()?;
    let _one_at_a_time = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let page = page
        .canonicalize()
        .unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    let mut browser = Browser::launch(&exe).unwrap_or_else(|e| panic!("{e}"));
    let report = browser
        .inspect(&page, screenshot)
        .unwrap_or_else(|e| panic!("driving Chromium on {}: {e}", page.display()));
    let requests: Vec<String> = (report.requests.iter())
        .map(|u| u.chars().take(60).collect())
        .collect();
    let failures = if report.failures.is_empty() {
        "none".to_string()
    } else {
        format!("\n  - {}", report.failures.join("\n  - "))
    };
    eprintln!(
        "{}: {} graphics, requests {requests:?}, fonts {:?}, failures: {failures}",
        report.url,
        report.graphics.len(),
        report.fonts,
    );
    Some(report)
}

/// The `file://` URL of an absolute path, as Chromium spells it.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for &b in path.to_str().expect("utf-8 path").as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Runs in the page after load: sizes of every chart, title, heading, text, fonts.
const PROBE: &str = r#"(async () => {
  await document.fonts.ready;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const graphics = [...document.querySelectorAll('svg, img')].map(el => {
    const r = el.getBoundingClientRect();
    const img = el.tagName.toLowerCase() === 'img';
    const title = img ? null : el.querySelector('title');
    const label = el.id || el.getAttribute('aria-label') || el.getAttribute('alt')
      || (title && title.textContent) || el.getAttribute('src') || '';
    return { tag: el.tagName.toLowerCase(), label: label.slice(0, 100),
             width: r.width, height: r.height,
             loaded: img ? (el.complete && el.naturalWidth > 0) : true };
  });
  const h1 = document.querySelector('h1');
  return JSON.stringify({
    title: document.title.trim(),
    heading: h1 ? h1.textContent.trim() : '',
    text: document.body ? document.body.innerText : '',
    tables: document.querySelectorAll('table').length,
    graphics,
    fonts: [...document.fonts].map(f => [f.family.replace(/^"|"$/g, ''), f.status]),
  });
})()"#;

/// A headless Chromium on a DevTools pipe, with its own profile; killed on drop.
struct Browser {
    child: Child,
    commands: ChildStdin,
    messages: Receiver<Value>,
    /// Events that arrived while waiting for a command's answer, not yet looked at.
    pending: VecDeque<Value>,
    next_id: u64,
    log: PathBuf,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch(exe: &Path) -> Result<Browser, String> {
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let log = profile.path().join("chromium-stderr.log");
        let stderr_file = File::create(&log).map_err(|e| e.to_string())?;
        let user_data = profile.path().join("profile");
        // Chromium reads commands on fd 3 and writes answers on fd 4: hand it our pipes
        // there through the shell (`3<&0 4>&1`), then give it /dev/null and the log as
        // stdin and stdout.
        let mut child = Command::new("/bin/sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>&2"#)
            .arg(exe)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--mute-audio",
                // Whatever a page asks for goes nowhere: no host name resolves and every
                // connection goes to a closed port on this machine. The requests are still
                // seen (and failed) by the checks below.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--proxy-server=http://127.0.0.1:9",
                "--window-size=1280,900",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", user_data.display()))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(stderr_file))
            .spawn()
            .map_err(|e| format!("starting {}: {e}", exe.display()))?;
        let commands = child.stdin.take().unwrap();
        let answers = child.stdout.take().unwrap();
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut answers = BufReader::new(answers);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match answers.read_until(0, &mut buf) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {
                        if buf.last() == Some(&0) {
                            buf.pop();
                        }
                        match serde_json::from_slice::<Value>(&buf) {
                            Ok(v) => {
                                if tx.send(v).is_err() {
                                    return;
                                }
                            }
                            Err(e) => eprintln!("unreadable DevTools message: {e}"),
                        }
                    }
                }
            }
        });
        Ok(Browser {
            child,
            commands,
            messages,
            pending: VecDeque::new(),
            next_id: 1,
            log,
            _profile: profile,
        })
    }

    /// The last lines Chromium wrote to stderr, for error messages.
    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(15)..].join("\n")
    }

    fn receive(&mut self, timeout: Duration) -> Result<Option<Value>, String> {
        match self.messages.recv_timeout(timeout) {
            Ok(v) => Ok(Some(v)),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => Err(format!(
                "Chromium closed the DevTools pipe (did it crash?); its stderr ends:\n{}",
                self.log_tail()
            )),
        }
    }

    /// Send a command (to the browser, or to a page's `session`) and wait for its answer.
    fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.commands
            .write_all(&bytes)
            .and_then(|_| self.commands.flush())
            .map_err(|e| format!("{method}: writing to Chromium: {e}\n{}", self.log_tail()))?;
        let deadline = Instant::now() + STEP;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(v) = self.receive(left)? else {
                return Err(format!("{method}: no answer from Chromium in {STEP:?}"));
            };
            if v["id"].as_u64() == Some(id) {
                if let Some(err) = v.get("error") {
                    return Err(format!("{method}: {err}"));
                }
                return Ok(v["result"].clone());
            }
            if v.get("method").is_some() {
                self.pending.push_back(v);
            }
        }
    }

    /// The next event, waiting at most `timeout`.
    fn event(&mut self, timeout: Duration) -> Result<Option<Value>, String> {
        if let Some(v) = self.pending.pop_front() {
            return Ok(Some(v));
        }
        self.receive(timeout)
    }

    fn inspect(&mut self, page: &Path, screenshot: &Path) -> Result<Report, String> {
        let url = file_url(page);
        let mut r = Report {
            url: url.clone(),
            screenshot: screenshot.to_path_buf(),
            ..Report::default()
        };
        // A fresh tab, attached before it loads anything so no request goes unseen.
        let target = self.call(None, "Target.createTarget", json!({ "url": "about:blank" }))?;
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
        )?;
        let session = attached["sessionId"]
            .as_str()
            .ok_or("Target.attachToTarget gave no sessionId")?
            .to_string();
        let s = Some(session.as_str());
        for domain in ["Page", "Runtime", "Log", "Network"] {
            self.call(s, &format!("{domain}.enable"), json!({}))?;
        }
        let nav = self.call(s, "Page.navigate", json!({ "url": url }))?;
        if let Some(err) = nav["errorText"].as_str() {
            r.failures.push(format!("the page did not open: {err}"));
        }

        // Until the load event, then until nothing happens for a while.
        let deadline = Instant::now() + STEP;
        let mut loaded = false;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if loaded && left.is_zero() {
                break; // a page that never goes quiet is judged as it is by now
            }
            match self.event(if loaded { QUIET.min(left) } else { left })? {
                Some(ev) => {
                    if ev["sessionId"].as_str() == s && ev["method"] == "Page.loadEventFired" {
                        loaded = true;
                    }
                    record(&mut r, &session, &ev)?;
                }
                None if loaded => break,
                None => return Err(format!("no load event within {STEP:?}")),
            }
        }

        let probe = self.call(
            s,
            "Runtime.evaluate",
            json!({ "expression": PROBE, "awaitPromise": true, "returnByValue": true }),
        )?;
        if let Some(ex) = probe.get("exceptionDetails") {
            return Err(format!("the probe script failed: {ex}"));
        }
        let seen: Value = serde_json::from_str(probe["result"]["value"].as_str().unwrap_or(""))
            .map_err(|e| format!("probe result: {e}: {probe}"))?;
        r.title = seen["title"].as_str().unwrap_or("").to_string();
        r.heading = seen["heading"].as_str().unwrap_or("").to_string();
        r.text = seen["text"].as_str().unwrap_or("").to_string();
        r.tables = seen["tables"].as_u64().unwrap_or(0) as usize;
        for g in seen["graphics"].as_array().into_iter().flatten() {
            r.graphics.push(Graphic {
                tag: g["tag"].as_str().unwrap_or("").to_string(),
                label: g["label"].as_str().unwrap_or("").to_string(),
                width: g["width"].as_f64().unwrap_or(0.0),
                height: g["height"].as_f64().unwrap_or(0.0),
                loaded: g["loaded"].as_bool().unwrap_or(false),
            });
        }
        for f in seen["fonts"].as_array().into_iter().flatten() {
            let field = |i: usize| f[i].as_str().unwrap_or("").to_string();
            r.fonts.push((field(0), field(1)));
        }

        // The whole page, not just the window.
        let metrics = self.call(s, "Page.getLayoutMetrics", json!({}))?;
        let size = &metrics["cssContentSize"];
        let width = size["width"].as_f64().unwrap_or(1280.0).ceil().max(1.0);
        let height = size["height"]
            .as_f64()
            .unwrap_or(900.0)
            .ceil()
            .clamp(1.0, 16_000.0);
        let shot = self.call(
            s,
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "captureBeyondViewport": true,
                "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
            }),
        )?;
        let png = base64_decode(shot["data"].as_str().unwrap_or(""))?;
        if let Some(dir) = screenshot.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(screenshot, &png).map_err(|e| format!("{}: {e}", screenshot.display()))?;

        // Anything that came in meanwhile (late console errors, requests).
        while let Some(ev) = self.event(Duration::from_millis(100))? {
            record(&mut r, &session, &ev)?;
        }

        judge(&mut r, &png);
        Ok(r)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let close = json!({ "id": 0, "method": "Browser.close", "params": {} });
        let mut bytes = serde_json::to_vec(&close).unwrap();
        bytes.push(0);
        let _ = self.commands.write_all(&bytes);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Note what one DevTools event says about our page.
fn record(r: &mut Report, session: &str, ev: &Value) -> Result<(), String> {
    if ev["sessionId"].as_str() != Some(session) {
        return Ok(()); // the browser's own business, not the page's
    }
    let p = &ev["params"];
    match ev["method"].as_str().unwrap_or("") {
        "Network.requestWillBeSent" => {
            r.requests
                .push(p["request"]["url"].as_str().unwrap_or("?").to_string());
        }
        "Runtime.consoleAPICalled" if matches!(p["type"].as_str(), Some("error" | "assert")) => {
            let args: Vec<String> = p["args"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| match &a["value"] {
                    Value::String(s) => s.clone(),
                    Value::Null => a["description"].as_str().unwrap_or("").to_string(),
                    v => v.to_string(),
                })
                .collect();
            r.console_errors.push(format!(
                "console.{}: {}",
                p["type"].as_str().unwrap(),
                args.join(" ")
            ));
        }
        "Runtime.exceptionThrown" => {
            let d = &p["exceptionDetails"];
            let what = d["exception"]["description"]
                .as_str()
                .or(d["text"].as_str())
                .unwrap_or("?");
            r.console_errors.push(format!("uncaught: {what}"));
        }
        "Log.entryAdded" if p["entry"]["level"] == "error" => {
            let e = &p["entry"];
            let url = e["url"]
                .as_str()
                .map(|u| format!(" ({u})"))
                .unwrap_or_default();
            r.console_errors
                .push(format!("log: {}{url}", e["text"].as_str().unwrap_or("?")));
        }
        "Inspector.detached" | "Inspector.targetCrashed" => {
            return Err(format!("the page went away: {ev}"));
        }
        _ => {}
    }
    Ok(())
}

/// Turn what was seen into failures.
fn judge(r: &mut Report, png: &[u8]) {
    let mut f = Vec::new();
    if r.title.is_empty() {
        f.push("the page has no <title>".to_string());
    }
    if r.heading.is_empty() {
        f.push("the page has no <h1> heading".to_string());
    }
    if r.graphics.is_empty() {
        f.push("the page shows no chart: no <svg> or <img> at all".to_string());
    }
    for (i, g) in r.graphics.iter().enumerate() {
        if !(g.width > 0.0 && g.height > 0.0) {
            f.push(format!(
                "<{}> #{i} ({}) rendered {}x{}: nothing to see",
                g.tag, g.label, g.width, g.height
            ));
        }
        if !g.loaded {
            f.push(format!("<{}> #{i} ({}) did not load", g.tag, g.label));
        }
    }
    for e in &r.console_errors {
        f.push(format!("console error: {e}"));
    }
    for u in &r.requests {
        if *u != r.url && !u.starts_with("data:") {
            let shown: String = u.chars().take(120).collect();
            f.push(format!(
                "network request other than the page itself: {shown}"
            ));
        }
    }
    for (family, status) in &r.fonts {
        if status == "error" {
            f.push(format!("font {family:?} failed to load"));
        }
    }
    if !r.fonts.iter().any(|(_, status)| status == "loaded") {
        f.push(format!(
            "no embedded @font-face font was loaded (faces: {:?}): the page must carry and use its own font",
            r.fonts
        ));
    }
    match png_stats(png) {
        Ok((w, h, distinct)) => {
            r.screenshot_size = (w, h);
            if w == 0 || h == 0 || distinct < 2 {
                f.push(format!(
                    "the screenshot is blank ({w}x{h}, {distinct} colour)"
                ));
            }
        }
        Err(e) => f.push(format!("the screenshot is not a readable PNG: {e}")),
    }
    r.failures.extend(f);
}

/// Width, height and whether the image has at least two distinct pixels (1 or 2).
fn png_stats(png: &[u8]) -> Result<(u32, u32, usize), String> {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    let px = info.color_type.samples() * (info.bit_depth as usize).div_ceil(8);
    let data = &buf[..info.buffer_size()];
    let first = data.get(..px).unwrap_or(&[]);
    let distinct = if data.chunks(px).any(|p| p != first) {
        2
    } else {
        1
    };
    Ok((info.width, info.height, distinct))
}

fn base64_decode(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter(|&c| c != b'=' && !c.is_ascii_whitespace()) {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(format!("not base64: {:?}", c as char)),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Ok(out)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

// ---------------------------------------------------------------- the report itself

#[test]
fn dafeng_report_renders_in_chromium_without_errors_or_requests() {
    let out = tempfile::tempdir().unwrap();
    let o = firesim(&[
        "compare",
        "scenarios/dafeng.toml",
        "--rollouts",
        "plan,stations_slip",
        "--reps",
        "4",
        "--out",
        s(out.path()),
    ]);
    assert!(o.status.success(), "firesim compare failed: {}", stderr(&o));
    let page = out.path().join("report.html");
    assert!(
        page.exists(),
        "`firesim compare` wrote no report.html into {} (it wrote: {:?}); \
         the report (issue 5) must be written next to comparison.json",
        out.path().display(),
        std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect::<Vec<_>>()
    );
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    let Some(r) = check_page_to(&page, &target.join("report-screenshot.png")) else {
        return;
    };
    eprintln!(
        "report.html: {} charts, {} tables, fonts {:?}; screenshot {} ({}x{})",
        r.graphics.len(),
        r.tables,
        r.fonts,
        r.screenshot.display(),
        r.screenshot_size.0,
        r.screenshot_size.1
    );
    r.assert_ok();
    assert!(
        r.text.to_lowercase().contains("dafeng"),
        "the report never names its scenario (dafeng); title {:?}, heading {:?}",
        r.title,
        r.heading
    );
    assert!(r.tables >= 1, "the report has no comparison table");
}

// ------------------------------------------------------- check_page on fixtures

#[test]
fn a_self_contained_page_passes() {
    let Some(r) = check_page(&fixture("report_fixture.html")) else {
        return;
    };
    r.assert_ok();
    assert_eq!(r.title, "firesim report: fixture");
    assert_eq!(r.graphics.len(), 2, "{:?}", r.graphics);
    for g in &r.graphics {
        assert!(
            (g.width - 480.0).abs() < 1.0 && (g.height - 240.0).abs() < 1.0,
            "{g:?}"
        );
    }
    assert_eq!(r.tables, 1);
    assert!(
        r.fonts
            .contains(&("DejaVu Sans".to_string(), "loaded".to_string())),
        "{:?}",
        r.fonts
    );
    let fetched: Vec<&String> = r
        .requests
        .iter()
        .filter(|u| !u.starts_with("data:"))
        .collect();
    assert_eq!(
        fetched,
        [&r.url],
        "only the page itself is requested (and its data: font)"
    );
    assert!(
        r.screenshot_size.0 >= 900 && r.screenshot_size.1 >= 600,
        "{:?}",
        r.screenshot_size
    );
}

#[test]
fn images_from_the_network_or_other_files_fail() {
    let Some(r) = check_page(&fixture("report_bad_external_image.html")) else {
        return;
    };
    assert!(
        r.has_failure(
            "network request other than the page itself: http://example.invalid/chart.png"
        ),
        "{:#?}",
        r.failures
    );
    assert!(r.has_failure("missing-chart.png"), "{:#?}", r.failures);
    assert!(
        r.has_failure("(remote chart) did not load"),
        "{:#?}",
        r.failures
    );
}

#[test]
fn console_errors_and_uncaught_exceptions_fail() {
    let Some(r) = check_page(&fixture("report_bad_console_error.html")) else {
        return;
    };
    assert!(
        r.has_failure("console.error: chart data missing"),
        "{:#?}",
        r.failures
    );
    assert!(
        r.has_failure("drawChart is not defined"),
        "{:#?}",
        r.failures
    );
}

#[test]
fn a_script_that_fetches_fails() {
    let Some(r) = check_page(&fixture("report_bad_fetch.html")) else {
        return;
    };
    assert!(
        r.has_failure(
            "network request other than the page itself: https://example.invalid/data.json"
        ),
        "{:#?}",
        r.failures
    );
}

#[test]
fn untitled_pages_empty_charts_and_broken_fonts_fail() {
    let Some(r) = check_page(&fixture("report_bad_collapsed.html")) else {
        return;
    };
    assert!(r.has_failure("no <title>"), "{:#?}", r.failures);
    assert!(r.has_failure("no <h1>"), "{:#?}", r.failures);
    assert!(
        r.has_failure("<svg> #0 (empty) rendered 0x0"),
        "{:#?}",
        r.failures
    );
    assert!(
        r.has_failure("<svg> #1 (hidden) rendered 0x0"),
        "{:#?}",
        r.failures
    );
    assert!(
        r.has_failure("font \"Broken\" failed to load"),
        "{:#?}",
        r.failures
    );
    assert!(
        r.has_failure("no embedded @font-face font was loaded"),
        "{:#?}",
        r.failures
    );
}

#[test]
fn base64_round_trips_a_known_string() {
    assert_eq!(base64_decode("ZmlyZXNpbQ==").unwrap(), b"firesim");
    assert_eq!(base64_decode("aGk=").unwrap(), b"hi");
    assert!(base64_decode("a$b").is_err());
}
