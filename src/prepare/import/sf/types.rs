//! SF's call types → firesim's incident types: the [`TYPES`] table (each with its
//! response plan) and [`incident_type`], which picks one from the `Call Type` and what SF
//! sent.

/// A response plan as `(unit kind, count)` pairs.
pub(super) type Plan = &'static [(&'static str, u32)];

/// The firesim incident types of the SF import, with their plans and categories:
/// `(name, category, plan)`.
pub const TYPES: &[(&str, &str, Plan)] = &[
    ("medical", "non_fire", &[("engine", 1)]),
    ("fire_alarm", "fire", &[("engine", 1), ("truck", 1)]),
    (
        "structure_fire",
        "fire",
        &[("engine", 3), ("truck", 2), ("rescue_squad", 1)],
    ),
    ("outside_fire", "fire", &[("engine", 1)]),
    ("hazard", "non_fire", &[("engine", 1)]),
    ("traffic_collision", "non_fire", &[("engine", 1)]),
    ("service_call", "non_fire", &[("engine", 1)]),
    ("truck_call", "non_fire", &[("truck", 1)]),
    ("rescue_call", "non_fire", &[("rescue_squad", 1)]),
];

/// The firesim type of an SF incident, from its call type and the engines, trucks and
/// rescue squads SF sent. Incidents SF sent no engine get a type without one (truck or
/// rescue squad only), so engine comparisons cover the same incidents.
pub fn incident_type(call_type: &str, engines: u32, trucks: u32) -> &'static str {
    if engines == 0 {
        return if trucks > 0 {
            "truck_call"
        } else {
            "rescue_call"
        };
    }
    match call_type {
        "Structure Fire" | "Water Rescue" if engines >= 3 => "structure_fire",
        "Structure Fire" | "Water Rescue" | "Alarms" | "Vehicle Fire" => "fire_alarm",
        "Medical Incident" => "medical",
        "Outside Fire" | "Smoke Investigation (Outside)" => "outside_fire",
        "Gas Leak (Natural and LP Gases)"
        | "Electrical Hazard"
        | "Odor (Strange / Unknown)"
        | "Fuel Spill" => "hazard",
        "Traffic Collision" => "traffic_collision",
        _ => "service_call",
    }
}
