//! The report's message catalogue: every text the report page, the charts and
//! `comparison.md` write, in English and Chinese, keyed by [`Msg`].
//!
//! One table line per message, the English and the Chinese side by side (the `catalogue!`
//! macro turns the table into the enum and its `text`), so a label has exactly one source,
//! a message without its Chinese does not compile, and neither does a text naming an
//! argument its message lacks. Figures are formatted by the caller where the format
//! matters, so both languages show the same digits. Words are
//! those of the Chinese fire service (出动, 到场时间, 第90百分位, 5分钟到场率, 消防站, 辖区,
//! 执勤, 特勤站) for the Dafeng District planners who read the plan.
//!
//! Texts that come from a scenario (assumptions, rollout descriptions) are not here: the
//! scenario gives them in English and, optionally, in Chinese (`name_zh`, `value_zh`,
//! `source_zh`, `description_zh`); [`or_marked`] falls back to the English with a visible
//! marker where the Chinese is missing.

use crate::scenario::Grade;
use serde::{Deserialize, Serialize};

/// The language of a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese (needs a CJK font, see `report::font`).
    Zh,
}

impl Lang {
    /// The HTML `lang` attribute.
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }
}

/// Marker before an English text shown in a Chinese report for want of a translation.
pub const UNTRANSLATED: &str = "[英文]";

/// The Chinese text if there is one, else the English with [`UNTRANSLATED`] before it; the
/// English in an English report. Returns whether the marker was added.
pub fn or_marked(lang: Lang, en: &str, zh: Option<&str>) -> (String, bool) {
    match (lang, zh.filter(|z| !z.trim().is_empty())) {
        (Lang::En, _) => (en.to_string(), false),
        (Lang::Zh, Some(z)) => (z.to_string(), false),
        (Lang::Zh, None) if en.trim().is_empty() => (String::new(), false),
        (Lang::Zh, None) => (format!("{UNTRANSLATED} {en}"), true),
    }
}

/// Declares [`Msg`] and its texts from one table: `Name { args } => "English", "中文";`.
/// Arguments are filled into `{name}` places (with any format spec) by `format!`, so an
/// argument a text names but the message lacks does not compile.
macro_rules! catalogue {
    ($($(#[$doc:meta])* $name:ident $({ $($arg:ident),* })? => $en:literal, $zh:literal;)*) => {
        /// A message of the report. Arguments are figures or names, already formatted
        /// where the format matters; messages ending in `Html` take and give HTML.
        #[allow(missing_docs)]
        pub enum Msg<'a> {
            $($(#[$doc])* $name $({ $($arg: &'a dyn std::fmt::Display),* })?,)*
        }

        impl Msg<'_> {
            /// The message in `lang`.
            pub fn text(&self, lang: Lang) -> String {
                match self {
                    $(Msg::$name $({ $($arg),* })? => match lang {
                        Lang::En => format!($en),
                        Lang::Zh => format!($zh),
                    },)*
                }
            }

            /// Both texts, unfilled (for the catalogue's own checks).
            #[cfg(test)]
            fn templates(&self) -> [&'static str; 2] {
                match self {
                    $(Msg::$name { .. } => [$en, $zh],)*
                }
            }
        }
    };
}

catalogue! {
    // ---- the page
    PageTitle { scenario } => "firesim report: {scenario}", "firesim 模拟报告：{scenario}";
    MetaHtml { reps, seed, base, version } =>
        "{reps} replications per rollout · seed {seed} · baseline <code>{base}</code> · firesim {version}",
        "每个实施方案重复模拟 {reps} 次 · 随机种子 {seed} · 基准方案 <code>{base}</code> · firesim {version}";
    Results => "Results", "结果";
    ResultsIntroHtml { base } =>
        "Means over replications with their 95% intervals in brackets; below, the paired \
         difference against <code>{base}</code> (common random numbers), in red with <b>*</b> \
         where its 95% interval excludes zero.",
        "表中为各次重复模拟的均值，方括号内为其95%置信区间；其下为与 <code>{base}</code> \
         的配对差值（公共随机数），95%置信区间不含零时以红色和 <b>*</b> 标出。";
    P90TableHeading =>
        "90th-percentile first arrival after the dispatch order (seconds)",
        "出动指令下达后首车到场时间第90百分位（秒）";
    WithinTableHeading { std_min } =>
        "Incidents reached within {std_min} minutes of the dispatch order (%)",
        "出动指令下达后{std_min}分钟内到场的警情占比（%）";
    Milestones => "Milestones", "里程碑";
    MilestoneUrbanCore { std_min } =>
        "urban-core p90 ≤ {std_min} min", "城区核心区第90百分位 ≤ {std_min}分钟";
    MilestoneCompliance { target_pct, std_min } =>
        "{target_pct}% within {std_min} min", "{std_min}分钟到场率达到{target_pct}%";
    NotReached => "not reached", "未达到";
    RolloutsAsk => "What each rollout asks", "各实施方案回答的问题";
    Charts => "Charts", "图表";
    Assumptions => "Assumptions", "假设";
    AssumptionsIntro =>
        "What the scenario file labels as assumptions (not stated by the plan):",
        "情景文件中标注为假设的内容（规划未作规定）：";
    Assumption => "assumption", "假设";
    Value => "value", "取值";
    Source => "source", "依据";
    Files => "Files", "文件";
    FooterHtml =>
        "Charts as PNG and SVG are in <code>charts/</code>. Made by firesim; rerun with the \
         same scenario and seed for the same numbers.",
        "PNG 和 SVG 格式的图表见 <code>charts/</code>。由 firesim 生成；使用相同的情景文件\
         和随机种子重新运行，可得到相同的数字。";
    Rollout => "rollout", "实施方案";
    AllYears => "all years", "全部年份";
    Seconds { x } => "{x} s", "{x} 秒";
    Points { x } => "{x} pts", "{x} 个百分点";
    UntranslatedTitle => "no Chinese text in the scenario", "情景文件中无中文文本";

    // ---- chart titles, axes and legends
    EcdfTitle { year } =>
        "First arrival after the dispatch order, {year}", "{year}年出动指令下达后首车到场时间";
    EcdfX =>
        "Minutes from dispatch order to first unit on scene", "自出动指令下达至首车到场（分钟）";
    EcdfY => "Incidents reached (%)", "已到场警情占比（%）";
    StandardLine { std_min } => "{std_min}-minute standard", "{std_min}分钟到场标准";
    YearsTitle =>
        "90th-percentile first arrival after the dispatch order",
        "出动指令下达后首车到场时间第90百分位";
    Year => "Year", "年份";
    Minutes => "Minutes", "分钟";
    P90 => "90th percentile", "第90百分位";
    Interval95 => "95% interval", "95%置信区间";
    Median => "median", "中位数";
    ComplianceTitle { std_min } =>
        "Incidents reached within {std_min} minutes of the dispatch order",
        "出动指令下达后{std_min}分钟内到场的警情";
    IncidentsPct => "Incidents (%)", "警情占比（%）";
    TargetLine { pct } => "{pct}% target", "目标{pct}%";
    HistogramTitle { base, year } =>
        "First arrival after the dispatch order, `{base}`, {year}",
        "{year}年出动指令下达后首车到场时间，“{base}”方案";
    ShareOfIncidents => "Share of incidents (%)", "警情占比（%）";
    Fire => "Fire", "火灾";
    NonFire => "Non-fire", "非火灾";
    SegmentsTitle => "Segments of the first response (means)", "首车响应各环节用时（均值）";
    CallProcessing => "Call processing", "接警处理";
    Turnout => "Turnout", "出车准备";
    Travel => "Travel", "途中行驶";
    SegmentsFirstN { n } => " (the first {n} rollouts)", "（前{n}个实施方案）";
    StaffingTitle => "Staffing over the horizon", "规划期内的执勤力量";
    OnDuty => "On-duty firefighters", "执勤消防员（人）";
    CrewedUnits => "Crewed units", "已配员执勤车辆（辆）";
    MapTitle { std_min, base } =>
        "Stations, {std_min}-minute reach and incidents, `{base}`",
        "消防站、{std_min}分钟可达范围与警情，“{base}”方案";
    East => "East (km)", "东向（公里）";
    North => "North (km)", "北向（公里）";
    Reach { std_min } => "{std_min}-minute reach", "{std_min}分钟可达范围";
    ZonesTitle { year } =>
        "90th-percentile first arrival by zone, {year}", "{year}年各区域首车到场时间第90百分位";
    ZonesX => "Minutes from dispatch order", "自出动指令下达起（分钟）";
    ZonesNote { shown, total } =>
        " Only the {shown} slowest of {total} zones are shown.",
        "仅显示{total}个区域中最慢的{shown}个。";
    /// Station grades (see [`Msg::grade`]).
    GradeSpecialDuty => "special duty", "特勤站";
    GradeFirstClass => "first class (national)", "一级普通站（国家队）";
    GradeProvincialFirst => "provincial first", "省规一级站";
    GradeProvincialSecond => "provincial second", "省规二级站";
    GradeOther => "other", "其他";

    // ---- chart captions
    EcdfCaption { year, std_min, base, base_pct, best, best_pct } =>
        "How many incidents the first crew reaches within a given time of the dispatch order in \
         {year}, one line per rollout (all replications pooled). The dashed line is the \
         {std_min}-minute standard: under `{base}` {base_pct}% of incidents are reached within \
         it; the highest share among the feasible decisions is `{best}`'s {best_pct}%.",
        "{year}年在出动指令下达后给定时间内首车到场的警情占比，每条曲线为一个实施方案（汇总全部\
         重复模拟）。虚线为{std_min}分钟到场标准：“{base}”方案下{base_pct}%的警情在标准时间内\
         到场；可行决策方案中占比最高的是“{best}”方案，为{best_pct}%。";
    YearsCaption { reps, base, first, first_year, last, last_year } =>
        "The 90th percentile of the time from dispatch order to first arrival, year by year \
         (solid, with its 95% interval over {reps} replications shaded) and the median \
         (dashed). Under `{base}` the p90 goes from {first} min in {first_year} to {last} min \
         in {last_year}.",
        "逐年的出动指令下达至首车到场时间第90百分位（实线，阴影为{reps}次重复模拟的95%置信\
         区间）和中位数（虚线）。“{base}”方案下第90百分位从{first_year}年的{first}分钟变为\
         {last_year}年的{last}分钟。";
    ComplianceCaption { std_min, target_pct, base, first, first_year, last, last_year } =>
        "Share of incidents whose first unit arrives within {std_min} minutes of the dispatch \
         order, per year and rollout; the horizontal line is the {target_pct}% target. Under \
         `{base}` the share is {first}% in {first_year} and {last}% in {last_year}.",
        "各年份、各实施方案下首车在出动指令下达后{std_min}分钟内到场的警情占比（{std_min}分钟\
         到场率）；水平线为{target_pct}%的目标。“{base}”方案下该比例{first_year}年为{first}%，\
         {last_year}年为{last}%。";
    HistogramCaption { base, year, fire, non_fire } =>
        "Distribution of the time from dispatch order to first arrival under `{base}` in \
         {year}, fires and non-fire incidents separately (each in percent of its own \
         incidents). Medians: fires {fire} min, non-fire {non_fire} min.",
        "“{base}”方案下{year}年出动指令下达至首车到场时间的分布，火灾与非火灾警情分开统计\
         （各按本类警情的百分比计）。中位数：火灾{fire}分钟，非火灾{non_fire}分钟。";
    SegmentsCaption { first_n, base, travel, total, year } =>
        "Where the time goes: mean call processing (call to dispatch order), turnout and \
         travel of the first unit on scene, per year{first_n}. Under `{base}` travel is \
         {travel} of the {total} minutes in {year}.",
        "用时构成：各年份首车的接警处理（接警至下达出动指令）、出车准备和途中行驶的平均\
         用时{first_n}。“{base}”方案下{year}年共{total}分钟，其中途中行驶{travel}分钟。";
    StaffingCaption { base, units } =>
        "Firefighters on duty at any moment (top) and the units they can crew (bottom), month \
         by month, per rollout: the staffing each simulation plays against. `{base}` ends \
         with {units} crewed units.",
        "各实施方案逐月的同时在岗执勤消防员（上图）及其可配员的执勤车辆（下图），即每次模拟\
         所用的执勤力量。“{base}”方案期末有{units}辆已配员执勤车辆。";
    MapCaption { base, std_min, year } =>
        "The district in projected kilometres: zone seats (crosses), stations sized by their \
         headcount at the end of the horizon under `{base}` and coloured by grade, the area \
         each crewed station reaches within the {std_min}-minute standard (mean turnout plus \
         estimated travel; circles), and the incidents of one replication of {year} coloured \
         by the time from dispatch order to first arrival.",
        "以投影公里表示的全区：区域驻地（十字）；消防站按“{base}”方案规划期末的人数确定大小、\
         按站级着色；每个有执勤力量的消防站在{std_min}分钟到场标准内可达的范围（平均出车准备\
         时间加估算行驶时间；圆圈）；以及{year}年一次重复模拟中的警情，按出动指令下达至首车\
         到场时间着色。";
    ZonesCaption { year, base, std_min, note } =>
        "The 90th percentile of the time from dispatch order to first arrival in each zone in \
         {year}, per rollout, sorted by `{base}`; the line is the {std_min}-minute standard. \
         Zone figures come from 10-second histograms.{note}",
        "{year}年各区域出动指令下达至首车到场时间的第90百分位，按实施方案分列，按“{base}”方案\
         排序；竖线为{std_min}分钟到场标准。区域数据来自10秒分组的直方图。{note}";

    // ---- comparison.md
    MdTitle { scenario } => "# {scenario}: rollouts compared", "# {scenario}：实施方案比较";
    MdIntro { reps, seed, base } =>
        "{reps} replications per rollout, seed {seed}, baseline `{base}`. Differences are \
         paired by replication (common random numbers); `*` marks a difference whose 95% \
         interval excludes zero.",
        "每个实施方案重复模拟{reps}次，随机种子{seed}，基准方案 `{base}`。差值按重复模拟配对\
         （公共随机数）；`*` 表示差值的95%置信区间不含零。";
    MdP90Heading =>
        "p90 first arrival from the dispatch order (s)", "出动指令下达后首车到场时间第90百分位（秒）";
    MdWithinHeading { std_s } =>
        "Share of incidents reached within {std_s} s of the dispatch order",
        "出动指令下达后{std_s}秒内到场的警情占比";
    MdBaseline { name } => "{name} (baseline)", "{name}（基准）";
    /// A rollout with `role = "world"`: what might happen or a reading of the plan.
    MdWorld { name } => "{name} (state of the world)", "{name}（外部情形）";
    StateOfTheWorld => "state of the world", "外部情形";
    MdMilestoneUrbanCore { std_s } => "urban core p90 ≤ {std_s} s", "城区核心区第90百分位 ≤ {std_s}秒";
    MdConfident => "(confident)", "（置信）";
    CostHeading => "Cost, feasibility and cost-effectiveness", "成本、可行性与成本效益";
    SheetCosts => "Costs", "成本";
    CostIntro =>
        "Government stations and teams only, over the horizon. Differences are against the \
         baseline (paired; `*`: the 95% interval excludes zero); per million: the \
         difference in p90 (s) or in the share within the standard (points) per million of \
         extra cost. An infeasible rollout breaks a constraint of the plan and is never \
         recommended.",
        "仅计政府专职消防站和队伍，覆盖整个规划期。差值相对于基准方案（配对；`*`：95%置信\
         区间不含零）；每百万：每增加一百万成本带来的第90百分位时间差（秒）或达标率差\
         （百分点）。不可行方案违反规划约束，不作推荐。";
    CostFirefighterYears => "firefighter-years", "消防员人年";
    CostTotal { cur } => "cost (M {cur})", "成本（百万{cur}）";
    CostPresentValue { cur } => "present value (M {cur})", "现值（百万{cur}）";
    CostDiff { cur } => "Δ cost (M {cur})", "成本差（百万{cur}）";
    CostP90Diff => "Δ p90 all years (s)", "第90百分位差，全期（秒）";
    CostWithinDiff => "Δ share within standard (points)", "达标率差（百分点）";
    CostP90PerMillion { cur } => "s of p90 per M {cur}", "每百万{cur}的第90百分位变化（秒）";
    CostPointsPerMillion { cur } => "points per M {cur}", "每百万{cur}的达标率变化（百分点）";
    CostQuadrant => "against the baseline", "与基准方案相比";
    CostChartTitle => "Cost against p90 from dispatch, all years", "成本与首车到场第90百分位（全期）";
    CostChartY => "p90 from dispatch order, all years (s)", "出动指令下达后第90百分位（全期，秒）";
    CostChartFeasible => "feasible decision", "可行决策方案";
    CostChartInfeasible => "infeasible", "不可行";
    CostChartCaption { base, infeasible } =>
        "What each rollout costs over the horizon (government stations and teams) against its \
         all-years p90 from the dispatch order, with the 95% interval over replications; \
         the square is `{base}`, down is faster, left is cheaper; crosses are states of the \
         world, not choices. Grey rings ({infeasible}) break a constraint of the plan.",
        "各实施方案在规划期内的成本（仅计政府专职消防站和队伍）与其全期出动指令下达后第90百分位\
         到场时间，竖线为重复模拟的95%置信区间；方块为“{base}”，越低越快，越左越省；叉号为外部情形，\
         并非决策。灰色空心圆（{infeasible}个）违反规划约束。";
    QuadrantBaseline => "baseline", "基准";
    QuadrantDominates => "cheaper or equal, faster", "成本不高且更快";
    QuadrantDominated => "dearer or equal, slower", "成本不低且更慢";
    QuadrantTradeOff => "trade-off", "权衡";
    QuadrantSameCost => "same cost", "成本相同";
    Feasibility => "feasible", "可行性";
    Feasible => "yes", "可行";
    Infeasible { n } => "no ({n} violations)", "不可行（{n}处违反）";
    ViolationsHeading => "Where rollouts break the plan's constraints:", "违反规划约束之处：";
    MdMilestoneCompliance { target_pct, std_s } =>
        "{target_pct}% within {std_s} s", "{std_s}秒内到场率达到{target_pct}%";
    MilestoneDistrictEdge { std_min } =>
        "every district on urban land reached at its edge within {std_min} min",
        "城市建设用地上每个消防站辖区边缘{std_min}分钟内可达";
    MdMilestoneDistrictEdge { std_s } =>
        "every urban-land district's edge ≤ {std_s} s", "城市建设用地上每个消防站辖区边缘 ≤ {std_s}秒";
    FirstActionHeading =>
        "Fires with a first action within 3 minutes of the dispatch order (micro fire stations or units)",
        "出动指令下达后3分钟内有力量到场处置的火灾占比（微型消防站或消防车）";
    FirstActionIntro =>
        "Mean over replications; in brackets the share the professional units alone reach that soon. Micro fire stations (救早、灭小) act first; the professional response is unchanged.",
        "各次重复模拟的均值；括号内为仅计消防救援队伍车辆的占比。微型消防站“救早、灭小”，先期处置；消防救援队伍的出动不变。";
    DistrictHeading { year } =>
        "Station districts against the plan's rule ({year}, baseline)",
        "各消防站辖区与规划标准对照（{year}年，基准方案）";
    DistrictIntro { std_s, urban_km2 } =>
        "A district is the station's first-due area on the district's land. GB 51080-2015 §4.1.3 sets the rule within urban construction land (here {urban_km2} km²), so only stations whose district holds urban land are judged: a crew reaches the edge of the district's urban part within {std_s} s of the dispatch order (mean turnout + estimated travel), and that part is at most 7 km² (15 km² for a station outside urban land, at its edge; 建标152-2017). Other districts may be set by a fire-risk assessment: their area and the time to their farthest point are information, not failures.",
        "辖区为消防站在本区陆域内的首出责任区。GB 51080-2015第4.1.3条的标准适用于城市建设用地范围内（本区{urban_km2} km²），故仅对辖区内含城市建设用地的消防站作出判定：接到出动指令后{std_s}秒内到达辖区城市建设用地部分的边缘（平均出动准备时间加估计行车时间），该部分面积不大于7 km²（设在城市建设用地边缘的消防站不大于15 km²；建标152-2017）。其他辖区可按火灾风险评估确定：其面积和到达最远处的时间仅作参考，不作判定。";
    DistrictStation => "station", "消防站";
    DistrictJudged => "rule", "标准";
    DistrictRuleJudged => "judged (urban land)", "判定（城市建设用地）";
    DistrictRuleInformation => "information", "参考";
    DistrictArea => "district (km²)", "辖区面积（km²）";
    DistrictBuiltUp => "on urban land (km²)", "其中城市建设用地（km²）";
    DistrictLimit => "limit (km²)", "面积上限（km²）";
    DistrictEdge => "edge (s)", "到达边缘（秒）";
    DistrictEdgeWithin => "edge within standard (share of year)", "边缘达标（全年占比）";
    DistrictAreaWithin => "area within standard", "达标面积占比";
    // Whether a district meets its area limit. In words in Chinese: the embedded CJK font
    // has no ✗ glyph.
    DistrictMeetsLimit => "✓", "符合";
    DistrictExceedsLimit => "✗", "超出";

    // ---- comparison.xlsx: sheet names (at most 31 characters), notes, headers, units
    SheetP90 => "p90 from dispatch", "首车到场第90百分位";
    SheetWithin { std_s } => "within {std_s} s", "{std_s}秒内到场占比";
    SheetFirstAction => "first action 3 min", "3分钟内先期处置";
    SheetDistricts { year } => "districts {year}", "{year}年辖区";
    XlsxNote { reps, seed, base } =>
        "{reps} replications per rollout, seed {seed}, baseline {base}. Differences are paired \
         by replication (common random numbers); * marks a difference whose 95% interval \
         excludes zero.",
        "每个实施方案重复模拟{reps}次，随机种子{seed}，基准方案{base}。差值按重复模拟配对\
         （公共随机数）；* 表示差值的95%置信区间不含零。";
    XlsxDiff { period } => "{period} vs baseline", "{period}与基准差值";
    XlsxSignificant { period } => "{period} significant", "{period}差值显著";
    XlsxFirstAction { period } => "{period} first action", "{period}先期处置";
    XlsxUnitsOnly { period } => "{period} units only", "{period}仅消防救援队伍";
    XlsxStationName => "name", "名称";
    XlsxMeetsLimit => "meets the area limit", "面积是否符合";
    UnitSeconds => "s", "秒";
    UnitShare => "%", "%";
    UnitPoints => "percentage points", "百分点";
    UnitYear => "year", "年";
    // ---- robustness.md and the robustness report.html
    RobTitle { scenario } =>
        "{scenario}: decisions under input uncertainty", "{scenario}：输入不确定条件下的决策分析";
    RobPageTitle { scenario } =>
        "firesim robustness: {scenario}", "firesim 稳健性分析：{scenario}";
    RobPeriod { first, last } => "{first}–{last}", "{first}–{last}年";
    /// The headline sentence; `cost` is empty or a `RobCost…` phrase, `set` a `RobSet…`.
    RobTake { decision, cost, set, period, p_best, regret } =>
        "Take `{decision}`{cost}: among {set}, it has the lowest p90 first arrival from the \
         dispatch order over {period} with probability {p_best}% across the uncertain inputs, \
         with an expected regret of {regret}.",
        "建议采用 `{decision}`{cost}：在{set}中，它在{period}出动指令下达后首车到场时间第90\
         百分位最低的概率为{p_best}%（在不确定输入的取值范围内），期望遗憾值为{regret}。";
    /// The headline when one decision qualifies; `what` is a `RobNone…` phrase.
    RobTakeOnly { decision, cost, what } =>
        "Take `{decision}`{cost}: it is the only one of the {what}, so none ranks against it \
         here (`firesim optimise` searches the plan's choices for a better one).",
        "建议采用 `{decision}`{cost}：在{what}中仅此一个，此处没有可与之比较的方案\
         （`firesim optimise` 可在规划允许的选择中搜索更优的方案）。";
    RobSetDecisions { n } => "the {n} decisions", "{n}个决策方案";
    RobSetFeasible { n } => "the {n} feasible decisions", "{n}个可行的决策方案";
    RobSetAffordable { n, base } =>
        "the {n} decisions costing no more than `{base}`", "费用不高于 `{base}` 的{n}个决策方案";
    RobSetFeasibleAffordable { n, base } =>
        "the {n} feasible decisions costing no more than `{base}`",
        "费用不高于 `{base}` 的{n}个可行决策方案";
    RobCost { cost, base, base_cost } =>
        ", at {cost} M CNY against `{base}`'s {base_cost} M CNY",
        "（费用{cost}百万元，`{base}` 为{base_cost}百万元）";
    RobCostFeasible { cost, base, base_cost } =>
        ", feasible, at {cost} M CNY against `{base}`'s {base_cost} M CNY",
        "（满足约束，费用{cost}百万元，`{base}` 为{base_cost}百万元）";
    RobNoDecision { set } =>
        "No decision to recommend: {set} are none.", "没有可推荐的决策方案：不存在{set}。";
    RobNoneFeasible => "feasible decisions", "可行的决策方案";
    RobNoneAffordable { base } =>
        "decisions costing no more than `{base}`", "费用不高于 `{base}` 的决策方案";
    RobNoneFeasibleAffordable { base } =>
        "feasible decisions costing no more than `{base}`",
        "费用不高于 `{base}` 的可行决策方案";
    RobIntro { inputs, rows, points, reps, n, seed, incidents } =>
        "{inputs} uncertain inputs; Saltelli design of {rows} rows × ({inputs} + 2) = {points} \
         points; {reps} replications per point (the same seeds at every point); {n} decisions; \
         seed {seed}; {incidents} incidents simulated. A decision's figure at a point is its \
         mean over the point's replications; the tables below are across the points. The \
         decision to take has the lowest expected regret (its shortfall against the best \
         decision at each point, averaged over the points): the best mean across the inputs.",
        "{inputs}个不确定输入参数；Saltelli设计，{rows}行 × ({inputs} + 2) = {points}个设计点；\
         每个设计点重复模拟{reps}次（各设计点使用相同的随机种子）；{n}个决策方案；随机种子{seed}；\
         共模拟{incidents}起警情。决策方案在某设计点的指标为该点各次重复模拟的均值；下表为各设计点\
         上的统计。推荐的决策方案期望遗憾值最低（即在各设计点上与最优方案之差的平均值最小），\
         亦即在不确定输入范围内均值最优。";
    RobWorld { list } =>
        "Not ranked: {list} are states of the world or readings of the plan \
         (`role = \"world\"`), not decisions. Every decision is evaluated under what they \
         vary, among the inputs at the end; `firesim compare` shows what each does to the plan.",
        "不参与排序：{list} 是外部情形或对规划的不同解读（`role = \"world\"`），而非决策。\
         各决策方案均在这些情形所变动的因素下评估（见文末的输入参数）；\
         `firesim compare` 给出各情形对规划方案的影响。";
    RobInfeasible { list } =>
        "Shown but not ranked (not feasible): {list}.", "列出但不参与排序（不满足约束）：{list}。";
    RobChoiceHeading =>
        "The choice: how likely each decision is best, and its regret",
        "决策比较：各方案最优的概率及其期望遗憾值";
    RobP90Heading { period } =>
        "p90 first arrival from the dispatch order, {period} (lower is better)",
        "{period}出动指令下达后首车到场时间第90百分位（越低越好）";
    RobWithinHeading { std_min, period } =>
        "Share of incidents reached within {std_min} minutes of the dispatch order, {period} \
         (higher is better)",
        "{period}出动指令下达后{std_min}分钟内到场的警情占比（越高越好）";
    RobDecision => "decision", "决策方案";
    RobMean => "mean", "均值";
    RobP05 => "5%", "5%分位数";
    RobP95 => "95%", "95%分位数";
    RobPBest => "P(best)", "最优概率";
    RobPBetter { base } => "P(better than `{base}`)", "优于 `{base}` 的概率";
    RobRegret => "expected regret", "期望遗憾值";
    RobInputShare => "input share of variance", "输入不确定性占方差比例";
    RobNotRanked { name } => "{name} (not ranked)", "{name}（不参与排序）";
    RobPBestPerYear => "P(best) per year:", "各年份最优概率：";
    RobMilestonesHeading =>
        "Milestones: how likely each decision meets them", "里程碑：各决策方案达到的概率";
    RobMilestonesIntro =>
        "Share of the design points at which the decision meets the milestone in the year: \
         the point's mean over its replications past the line, as `firesim compare` reads its \
         milestones from its estimates.",
        "在该年份达到里程碑的设计点所占比例：以各设计点重复模拟的均值判断是否达标，\
         与 `firesim compare` 依据估计值判断里程碑的方法相同。";
    RobMilestone => "milestone", "里程碑";
    RobDiffHeading { c, base } =>
        "What could change the choice: `{c}` − `{base}`", "可能改变决策的因素：`{c}` − `{base}`";
    RobDiffIntro { c, base } =>
        "At each design point, `{c}`'s figure minus `{base}`'s: the inputs that move this \
         difference are those that could reverse the choice between them, whatever they do to \
         the level of either.",
        "在每个设计点上，`{c}` 的指标减去 `{base}` 的指标：影响这一差值的输入参数才可能改变\
         二者之间的取舍，而不论它们对各自指标水平的影响如何。";
    RobDiffRival { c, base } =>
        "`{base}` is itself the decision to take; `{c}` is its strongest rival (the lowest \
         expected regret among the others).",
        "推荐的决策方案即 `{base}` 本身；`{c}` 是其最强的备选方案（其余方案中期望遗憾值最低）。";
    RobSobolDiff =>
        "Sobol' indices of the difference (shares of its variance), with the total index's \
         bootstrap 95% interval:",
        "差值的Sobol'指数（占其方差的比例），及总效应指数的自助法95%区间：";
    RobInput => "input", "输入参数";
    RobFirstOrder => "first order", "一阶指数";
    RobTotal => "total", "总效应指数";
    RobInterval => "95% interval", "95%区间";
    RobVoi { c, base, evpi, all_evpi, n } =>
        "Value of information: knowing every input would save {evpi} of expected regret in the \
         choice between `{c}` and `{base}` (EVPI), and {all_evpi} in the choice among the {n} \
         decisions; knowing one input (EVPPI):",
        "信息价值：若所有输入参数均已知，`{c}` 与 `{base}` 之间取舍的期望遗憾值可减少{evpi}\
         （完全信息期望价值EVPI），{n}个决策方案之间取舍可减少{all_evpi}；\
         仅知道某一输入参数时（部分完全信息期望价值EVPPI）：";
    RobEvppiPair => "EVPPI, this pair", "EVPPI（这两个方案之间）";
    RobEvppiAll => "EVPPI, all decisions", "EVPPI（全部决策方案）";
    RobShareOfEvpi => "share of EVPI", "占EVPI比例";
    RobLevelHeading { base } =>
        "What moves the level: `{base}`'s own figures", "影响指标水平的因素：`{base}` 方案本身的指标";
    RobLevelIntro =>
        "Sobol' indices of the baseline's figure itself: what its level rests on, which need not \
         change the choice.",
        "基准方案指标本身的Sobol'指数：其水平取决于哪些输入参数；这些参数未必影响决策。";
    RobInputsHeading => "Inputs", "不确定输入参数";
    RobDistribution => "distribution", "分布";
    RobNominal => "in the file", "文件中的取值";
    RobAppliesTo => "applies to", "作用于";
    RobWholeScenario => "the whole scenario", "整个情景";
    RobUniform { min, max } => "uniform {min}–{max}", "均匀分布 {min}–{max}";
    RobTriangular { min, mode, max } =>
        "triangular {min}, {mode}, {max}", "三角分布 {min}、{mode}、{max}";
    RobNormal { mean, sd, lo, hi } =>
        "normal: mean {mean}, sd {sd}, within [{lo}, {hi}]",
        "正态分布：均值{mean}，标准差{sd}，截断于[{lo}, {hi}]";
    RobChoice { values } => "one of, equally likely: {values}", "等可能取：{values}";
    RobChoiceSep => " | ", "；";
    RobListSep => ", ", "、";
    RobMetaHtml { points, reps, seed, version } =>
        "{points} design points × {reps} replications · seed {seed} · firesim {version}",
        "{points}个设计点 × 每点{reps}次重复模拟 · 随机种子 {seed} · firesim {version}";
    RobTornadoTitle { c, base } =>
        "What could change the choice: total Sobol' index of {c} − {base}",
        "可能改变决策的因素：{c} − {base} 的总效应Sobol'指数";
    RobTornadoX =>
        "Total index (share of variance, with interactions)", "总效应指数（占方差比例，含交互作用）";
    RobSeriesDiff { c, base } => "{c} − {base}", "{c} − {base}";
    RobSeriesLevel { base } => "{base}'s own p90", "{base} 本身的第90百分位";
    RobTornadoRead { c, base } =>
        "How to read it: each dark bar is the share of the uncertainty in `{c}`'s p90 minus \
         `{base}`'s (all years) that goes away if that input were known, interactions included: \
         the inputs at the top could change the choice, and are the estimates worth measuring \
         first. The light bar is the same index for `{base}`'s own p90, which can be large for \
         an input that moves both alike and so leaves the choice alone.",
        "阅读方法：深色条表示若该输入参数已知，`{c}` 与 `{base}` 第90百分位之差（全部年份）\
         的不确定性可消除的比例（含交互作用）：位于上方的参数可能改变决策，最值得优先测定。\
         浅色条为 `{base}` 本身第90百分位的同一指数；某参数若对两个方案影响相同，\
         其浅色条可能很长，却不影响决策。";
    RobPBestTitle =>
        "Probability each decision has the lowest p90, per year",
        "各决策方案第90百分位最低的概率（逐年）";
    RobPBestY => "P(best) across the uncertain inputs (%)", "在不确定输入范围内的最优概率（%）";
    RobPBestRead =>
        "How to read it: at each year, the share of the input space (design points) in which \
         the decision has the lowest p90 among the decisions; a decision near 100% is best \
         whatever the estimates turn out to be, lines that cross mean the answer depends on them.",
        "阅读方法：每一年份中，该决策方案在各决策方案中第90百分位最低的设计点所占比例；\
         接近100%的方案无论估计值如何都是最优，曲线相交则说明结论取决于这些估计值。";
    RobBandY => "p90 (min)", "第90百分位（分钟）";
    RobBandMean => "mean across the inputs", "不确定输入范围内的均值";
    RobBandBand => "5%–95% across the inputs", "不确定输入范围内的5%–95%";
    RobBandBase { base } => "{base}'s mean", "{base} 的均值";
    RobBandRead { base } =>
        "How to read it: one panel per decision, on one scale: the line is the decision's p90 \
         averaged over the uncertain inputs, the band holds 90% of the input space (5%–95%), \
         the dashed line is `{base}`'s mean. Bands that overlap can still rank the same way at \
         every point (the inputs move every decision alike): P(best) says.",
        "阅读方法：每个决策方案一幅小图，纵轴刻度相同：实线为该方案第90百分位在不确定输入范围内\
         的均值，阴影覆盖90%的输入空间（5%–95%），虚线为 `{base}` 的均值。阴影重叠的方案\
         仍可能在每个设计点上排序相同（输入参数对各方案的影响相近），以最优概率为准。";
    RobFooterHtml =>
        "Charts as PNG and SVG are in <code>charts/</code>. Made by firesim; rerun with the \
         same scenario, inputs, design and seed for the same numbers.",
        "PNG 和 SVG 格式的图表见 <code>charts/</code>。由 firesim 生成；使用相同的情景文件、\
         输入参数、设计和随机种子重新运行，可得到相同的数字。";

    // ---- optimise.md
    OptTitle { scenario } => "# {scenario}: recommended rollout", "# {scenario}：推荐实施方案";
    OptObjective { objective, delta, unit, alpha } =>
        "Objective: {objective}. Indifference zone δ = {delta} {unit}, α = {alpha}.",
        "优化目标：{objective}。无差异区间 δ = {delta} {unit}，α = {alpha}。";
    OptExpectation { points, inputs } =>
        "The objective is the expectation over {points} points of the {inputs} uncertain \
         inputs ([[uncertain]]): every candidate at every point, under common random numbers \
         (costs and [constraints] at the nominal inputs).",
        "优化目标为{inputs}个不确定输入参数（[[uncertain]]）在{points}个设计点上的期望值：每个候选\
         方案在每个设计点上模拟，使用公共随机数（费用和[constraints]约束按名义输入计算）。";
    OptLead { recruits, allocation, opens, cost, base, diff, unit } =>
        "Recommended: recruits {recruits} per intake, {allocation} allocation{opens}, at \
         {cost}; against `{base}` on fresh replications: {diff} {unit}.",
        "推荐方案：各批次招录{recruits}人，人员分配方式{allocation}{opens}，费用{cost}；在新重复\
         模拟中与`{base}`相比：{diff} {unit}。";
    OptTrace => "## Search trace", "## 搜索轨迹";
    OptTraceHeader =>
        "| iteration | candidate | objective | candidates simulated | replications | infeasible |",
        "| 迭代 | 候选方案 | 目标值 | 已模拟候选方案 | 重复模拟次数 | 不可行 |";
    OptPageTitle { scenario } => "{scenario}: recommended rollout", "{scenario}：推荐实施方案";
    OptGuarantee { k, conf, delta, unit } =>
        "Guarantee: among the {k} finalists, the recommended rollout's expected objective is \
         within {delta} {unit} of the best finalist's with probability at least {conf}% \
         (two-stage selection under common random numbers, Clark & Yang 1986; Nelson & \
         Matejcik 1995).",
        "保证：在{k}个候选方案中，推荐方案的目标期望值与最优候选方案相差不超过{delta} {unit}的\
         概率至少为{conf}%（公共随机数下的两阶段选择，Clark & Yang 1986；Nelson & Matejcik 1995）。";
    OptRecommended => "## Recommended", "## 推荐方案";
    OptRecruits => "recruits per intake", "各批次招录人数";
    OptAllocation => "allocation", "人员分配方式";
    OptOpens => "stations opening on other dates", "调整投用日期的消防站";
    OptCost { base } => "cost (vs `{base}`)", "费用（与`{base}`比较）";
    OptFeasible => "feasible under [constraints]", "满足[constraints]约束";
    OptFinalists => "## Finalists (selection stage)", "## 候选方案（选择阶段）";
    OptFinalistsHeader =>
        "| candidate | search mean | replications | selection mean | cost |",
        "| 候选方案 | 搜索阶段均值 | 重复次数 | 选择阶段均值 | 费用 |";
    OptCheck { reps } =>
        "## Check on fresh replications ({reps} per rollout, a seed stream neither stage used)",
        "## 新重复模拟检验（每个方案{reps}次，使用两个阶段均未用过的随机数流）";
    OptCheckHeader { base } =>
        "| rollout | objective [95% CI] | difference vs `{base}` [95% CI] | cost | feasible |",
        "| 实施方案 | 目标值 [95%置信区间] | 与`{base}`差值 [95%置信区间] | 费用 | 是否可行 |";
    OptSearch { candidates, infeasible, reps, budget, iterations } =>
        "## Search\n\n{candidates} candidates simulated ({reps} of {budget} evaluations, one \
         evaluation = one candidate for one replication), {infeasible} found infeasible before \
         simulation, {iterations} improving moves (trace.csv).",
        "## 搜索\n\n共模拟{candidates}个候选方案（评估{reps}次，预算{budget}次；一次评估即一个候选方案的\
         一次重复模拟），{infeasible}个在模拟前判定为不可行，改进移动{iterations}次（trace.csv）。";
    OptParetoTitle => "Candidates: cost against objective (search replications)", "候选方案：费用与目标值（搜索阶段）";
    OptParetoX { currency } => "cost over the horizon (M {currency})", "规划期总费用（百万{currency}）";
    OptParetoY { objective, unit } => "{objective} ({unit})", "{objective}（{unit}）";
    OptParetoCandidates => "feasible candidates", "可行候选方案";
    OptParetoFront => "Pareto front", "帕累托前沿";
    OptParetoBase { base } => "{base}", "{base}";
    OptParetoChosen => "recommended", "推荐方案";
    OptYes => "yes", "是";
    OptNo => "no", "否";
}

impl Msg<'static> {
    /// The name of a station grade.
    pub fn grade(g: Grade) -> Self {
        match g {
            Grade::SpecialDuty => Msg::GradeSpecialDuty,
            Grade::FirstClass => Msg::GradeFirstClass,
            Grade::ProvincialFirst => Msg::GradeProvincialFirst,
            Grade::ProvincialSecond => Msg::GradeProvincialSecond,
            Grade::Other => Msg::GradeOther,
        }
    }
}

/// All grades, for looking a grade up by its English label.
pub const GRADES: [Grade; 5] = [
    Grade::SpecialDuty,
    Grade::FirstClass,
    Grade::ProvincialFirst,
    Grade::ProvincialSecond,
    Grade::Other,
];

/// The charts' own words ([`crate::report::plot::ChartWords`]) in `lang`.
pub fn chart_words(lang: Lang) -> crate::report::plot::ChartWords {
    let s = |x: &str| x.to_string();
    match lang {
        Lang::En => crate::report::plot::ChartWords::default(),
        Lang::Zh => crate::report::plot::ChartWords {
            no_data: s("无数据"),
            minutes_suffix: s(" 分钟"),
            count: s("{name} (n = {n})"),
            not_shown: s("；另有 {n} 起超过 {x} 分钟，未显示"),
            target: s("目标 {v}%"),
            solid: s("实线："),
            shaded: s("阴影："),
            dashed: s("虚线："),
            value: s("数值"),
            second_metric: s("第二指标"),
            bars_left_to_right: s("柱形从左到右："),
            incident_response: s("警情到场时间"),
            all: s("全部"),
            stations_grade: s("消防站（站级）"),
            no_grade: s("（无站级）"),
            headcount: s("人数（标记面积）"),
            reach: s("可达范围"),
            zone_seat: s("区域驻地"),
            zone_boundary: s("区域边界"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_chinese_is_marked_and_english_is_unchanged() {
        assert_eq!(or_marked(Lang::En, "a", Some("甲")), ("a".into(), false));
        assert_eq!(or_marked(Lang::Zh, "a", Some("甲")), ("甲".into(), false));
        assert_eq!(
            or_marked(Lang::Zh, "a", None),
            (format!("{UNTRANSLATED} a"), true)
        );
        assert_eq!(
            or_marked(Lang::Zh, "a", Some("  ")),
            (format!("{UNTRANSLATED} a"), true)
        );
    }

    /// The `{name}` places of a template, sorted.
    fn places(t: &str) -> Vec<String> {
        let mut v: Vec<String> = t
            .split('{')
            .skip(1)
            .filter_map(|x| x.split('}').next())
            .map(|x| x.split(':').next().unwrap_or("").to_string())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn both_languages_use_the_same_arguments() {
        // A Chinese text that drops an argument (a figure) compiles but would lose it.
        for m in [
            Msg::EcdfCaption {
                year: &0,
                std_min: &0,
                base: &0,
                base_pct: &0,
                best: &0,
                best_pct: &0,
            },
            Msg::YearsCaption {
                reps: &0,
                base: &0,
                first: &0,
                first_year: &0,
                last: &0,
                last_year: &0,
            },
            Msg::ComplianceCaption {
                std_min: &0,
                target_pct: &0,
                base: &0,
                first: &0,
                first_year: &0,
                last: &0,
                last_year: &0,
            },
            Msg::HistogramCaption {
                base: &0,
                year: &0,
                fire: &0,
                non_fire: &0,
            },
            Msg::SegmentsCaption {
                first_n: &0,
                base: &0,
                travel: &0,
                total: &0,
                year: &0,
            },
            Msg::StaffingCaption {
                base: &0,
                units: &0,
            },
            Msg::MapCaption {
                base: &0,
                std_min: &0,
                year: &0,
            },
            Msg::ZonesCaption {
                year: &0,
                base: &0,
                std_min: &0,
                note: &0,
            },
            Msg::MetaHtml {
                reps: &0,
                seed: &0,
                base: &0,
                version: &0,
            },
            Msg::MilestoneCompliance {
                target_pct: &0,
                std_min: &0,
            },
            Msg::MdIntro {
                reps: &0,
                seed: &0,
                base: &0,
            },
            Msg::RobTakeOnly {
                decision: &0,
                cost: &0,
                what: &0,
            },
            Msg::RobTake {
                decision: &0,
                cost: &0,
                set: &0,
                period: &0,
                p_best: &0,
                regret: &0,
            },
            Msg::RobIntro {
                inputs: &0,
                rows: &0,
                points: &0,
                reps: &0,
                n: &0,
                seed: &0,
                incidents: &0,
            },
            Msg::RobVoi {
                c: &0,
                base: &0,
                evpi: &0,
                all_evpi: &0,
                n: &0,
            },
            Msg::RobCostFeasible {
                cost: &0,
                base: &0,
                base_cost: &0,
            },
            Msg::RobMetaHtml {
                points: &0,
                reps: &0,
                seed: &0,
                version: &0,
            },
            Msg::RobTornadoRead { c: &0, base: &0 },
            Msg::OptExpectation {
                points: &0,
                inputs: &0,
            },
            Msg::OptLead {
                recruits: &0,
                allocation: &0,
                opens: &0,
                cost: &0,
                base: &0,
                diff: &0,
                unit: &0,
            },
        ] {
            let [en, zh] = m.templates();
            let (mut a, mut b) = (places(en), places(zh));
            a.dedup();
            b.dedup();
            assert_eq!(a, b, "{en}\n{zh}");
        }
    }

    #[test]
    fn chinese_messages_are_chinese() {
        // A Chinese message that fell back to English would have no CJK character.
        let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for m in [
            Msg::Results,
            Msg::P90TableHeading,
            Msg::EcdfX,
            Msg::grade(Grade::SpecialDuty),
            Msg::MdP90Heading,
            Msg::EcdfTitle { year: &2025 },
            Msg::RobChoiceHeading,
            Msg::RobMilestonesHeading,
            Msg::RobInputsHeading,
            Msg::StateOfTheWorld,
            Msg::OptTrace,
            Msg::OptTraceHeader,
            Msg::OptPageTitle { scenario: &"x" },
        ] {
            assert!(cjk(&m.text(Lang::Zh)), "{}", m.text(Lang::Zh));
            assert!(!cjk(&m.text(Lang::En)), "{}", m.text(Lang::En));
        }
        let w = chart_words(Lang::Zh);
        assert!(cjk(&w.no_data) && cjk(&w.incident_response));
    }
}
