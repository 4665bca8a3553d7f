//! The names of the figures, each defined once: the district-wide figures every period
//! reports ([`Figure`], with its unit and description), the breakdown figures per incident
//! type, zone, first-due area and the urban core ([`Breakdown`] × [`GroupFigure`]), and the
//! per-station figures ([`StationFigure`]).
//!
//! A name is the dotted path of the figure in `summary.json` and `comparison.json` and its
//! `metric` in `comparison.csv`; [`super::Layout`] is made from these, and every reader
//! (report, CLI, compare, robustness) asks for a figure by its variant, so a misspelt
//! figure does not compile instead of reading as NaN.

/// What a figure is measured in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A number of incidents (or incidents open at once).
    Count,
    /// A share in `[0, 1]` (of incidents, of time, of population).
    Share,
    /// Seconds.
    Seconds,
    /// A mean number per incident.
    PerIncident,
}

/// One definition per district-wide figure: variant, name, unit, description.
macro_rules! figures {
    ($($v:ident = $name:literal, $unit:ident, $desc:literal;)*) => {
        /// A district-wide figure every period reports (in this order, with the
        /// `within_s.<t>` thresholds after [`Figure::WithinStandard`] and the breakdowns
        /// after the last).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Figure {
            $(#[doc = $desc] $v,)*
        }

        impl Figure {
            /// Every figure, in report order.
            pub const ALL: &'static [Figure] = &[$(Figure::$v,)*];

            /// The dotted name (`summary.json` path, `comparison.csv` metric).
            pub const fn name(self) -> &'static str {
                match self {
                    $(Figure::$v => $name,)*
                }
            }

            /// What it is measured in.
            pub const fn unit(self) -> Unit {
                match self {
                    $(Figure::$v => Unit::$unit,)*
                }
            }

            /// What it measures, in a phrase.
            pub const fn description(self) -> &'static str {
                match self {
                    $(Figure::$v => $desc,)*
                }
            }
        }
    };
}

figures! {
    Incidents = "incidents", Count, "incidents called in";
    FireShare = "fire_share", Share, "share of incidents that are fires";
    FromCallP50 = "first_arrival_s.p50", Seconds, "call received to first unit on scene, median";
    FromCallP80 = "first_arrival_s.p80", Seconds, "call received to first unit on scene, 80th percentile";
    FromCallP90 = "first_arrival_s.p90", Seconds, "call received to first unit on scene, 90th percentile";
    FromCallP95 = "first_arrival_s.p95", Seconds, "call received to first unit on scene, 95th percentile";
    FromCallMean = "first_arrival_s.mean", Seconds, "call received to first unit on scene, mean of served incidents";
    FromDispatchP50 = "first_arrival_from_dispatch_s.p50", Seconds, "dispatch order to first unit on scene, median";
    FromDispatchP80 = "first_arrival_from_dispatch_s.p80", Seconds, "dispatch order to first unit on scene, 80th percentile";
    FromDispatchP90 = "first_arrival_from_dispatch_s.p90", Seconds, "dispatch order to first unit on scene, 90th percentile";
    FromDispatchP95 = "first_arrival_from_dispatch_s.p95", Seconds, "dispatch order to first unit on scene, 95th percentile";
    FromDispatchMean = "first_arrival_from_dispatch_s.mean", Seconds, "dispatch order to first unit on scene, mean of served incidents";
    CallProcessing = "segments_s.call_processing", Seconds, "call received to dispatch order, mean of served incidents";
    Turnout = "segments_s.turnout", Seconds, "turnout of the first-arriving unit, mean";
    Travel = "segments_s.travel", Seconds, "travel of the first-arriving unit, mean";
    Within5Min = "within_5min", Share, "share of incidents whose first unit arrives within 300 s of the dispatch order";
    WithinStandard = "within_standard", Share, "share of incidents whose first unit arrives within standard_s of the dispatch order";
    ErfP50 = "effective_response_force_s.p50", Seconds, "dispatch order to the whole response plan on scene, median";
    ErfP90 = "effective_response_force_s.p90", Seconds, "dispatch order to the whole response plan on scene, 90th percentile";
    ErfMean = "effective_response_force_s.mean", Seconds, "dispatch order to the whole response plan on scene, mean";
    ErfCompleteShare = "effective_response_force_s.complete_share", Share, "share of incidents whose whole response plan arrived";
    ShareWaited = "queue.share_waited", Share, "share of incidents that waited for a free unit";
    MeanWait = "queue.mean_wait_s", Seconds, "wait for a free unit, mean over all incidents";
    MeanWaitIfWaited = "queue.mean_wait_if_waited_s", Seconds, "wait for a free unit, mean over the incidents that waited";
    MutualAidShare = "mutual_aid_share", Share, "share of incidents with mutual aid";
    Unserved = "unserved", Count, "incidents no unit reached";
    UnitsPerIncident = "units_per_incident", PerIncident, "units sent per incident";
    FirefightersPerIncident = "firefighters_per_incident", PerIncident, "firefighters sent per incident";
    CoverageWithinStandard = "coverage_within_standard", Share, "share of the population within the standard of a crewed station";
    MeanOpen = "concurrency.mean_open", Count, "incidents open at once, time mean";
    ShareTwoOrMore = "concurrency.share_two_or_more", Share, "share of time with two or more incidents open";
    MaxOpen = "concurrency.max_open", Count, "most incidents open at once";
}

impl Figure {
    /// The first part of the dotted name (`first_arrival_s` for
    /// [`Figure::FromCallP90`]), under which the JSON export nests the figure.
    pub fn group(self) -> &'static str {
        self.name().split('.').next().unwrap_or_default()
    }
}

/// The share of incidents whose first unit arrives within `t_s` of the dispatch order (one
/// per `thresholds_s` of the scenario).
pub fn within_threshold(t_s: f64) -> String {
    format!("within_s.{t_s:.0}")
}

/// A breakdown group: the incidents of one type, zone, first-due station area, or of the
/// urban core.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breakdown<'a> {
    /// Incidents in zones marked urban core.
    UrbanCore,
    /// Incidents of the named type.
    Type(&'a str),
    /// Incidents in the named zone.
    Zone(&'a str),
    /// Incidents in the first-due area of the station with this id.
    FirstDue(&'a str),
}

impl Breakdown<'_> {
    /// The dotted name of figure `f` of this group (`by_zone.Xinfeng.p90_from_dispatch_s`;
    /// dots in the group's own name become underscores, so the name nests in JSON).
    pub fn name(self, f: GroupFigure) -> String {
        let f = f.name();
        match self {
            Breakdown::UrbanCore => format!("urban_core.{f}"),
            Breakdown::Type(n) => format!("by_type.{}.{f}", key(n)),
            Breakdown::Zone(n) => format!("by_zone.{}.{f}", key(n)),
            Breakdown::FirstDue(n) => format!("by_first_due.{}.{f}", key(n)),
        }
    }
}

/// A figure of a breakdown group (the response time counts from the dispatch order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupFigure {
    /// Incidents in the group.
    Incidents,
    /// Median first arrival, seconds.
    P50FromDispatch,
    /// 90th-percentile first arrival, seconds.
    P90FromDispatch,
    /// Mean first arrival of the served incidents, seconds.
    MeanFromDispatch,
    /// Share of the group's incidents reached within the standard.
    WithinStandard,
}

impl GroupFigure {
    /// The last part of the figure's dotted name.
    pub const fn name(self) -> &'static str {
        match self {
            GroupFigure::Incidents => "incidents",
            GroupFigure::P50FromDispatch => "p50_from_dispatch_s",
            GroupFigure::P90FromDispatch => "p90_from_dispatch_s",
            GroupFigure::MeanFromDispatch => "mean_from_dispatch_s",
            GroupFigure::WithinStandard => "within_standard",
        }
    }
}

/// A figure of one station (`by_station.<id>.<figure>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StationFigure {
    /// Responses by the station's units.
    Responses,
    /// Share of the period its units were committed, averaged over its units.
    Utilization,
    /// Share of the period it had crewed units but none free.
    DrawdownShare,
    /// Share of the period it had a crewed free unit of the first-due kind (an engine).
    EngineAvailableShare,
}

impl StationFigure {
    /// The dotted name of this figure for the station with id `station`.
    pub fn name(self, station: &str) -> String {
        let f = match self {
            StationFigure::Responses => "responses",
            StationFigure::Utilization => "utilization",
            StationFigure::DrawdownShare => "drawdown_share",
            StationFigure::EngineAvailableShare => "engine_available_share",
        };
        format!("by_station.{}.{f}", key(station))
    }
}

/// A group's or station's name as one part of a dotted name.
fn key(s: &str) -> String {
    s.replace('.', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_and_units_agree_with_the_name() {
        let mut seen = std::collections::HashSet::new();
        for f in Figure::ALL {
            assert!(seen.insert(f.name()), "{} twice", f.name());
            // A name in seconds says so (`_s`, on it or its group), and only those, except
            // the shares of a group in seconds.
            let in_s = f.group().ends_with("_s") || f.name().ends_with("_s");
            let seconds = in_s && !f.name().ends_with("share");
            assert_eq!(seconds, f.unit() == Unit::Seconds, "{}", f.name());
        }
        assert_eq!(Figure::FromCallP90.group(), "first_arrival_s");
        assert_eq!(
            Breakdown::Zone("Da.feng").name(GroupFigure::P90FromDispatch),
            "by_zone.Da_feng.p90_from_dispatch_s"
        );
        assert_eq!(
            StationFigure::Utilization.name("S.1"),
            "by_station.S_1.utilization"
        );
    }
}
