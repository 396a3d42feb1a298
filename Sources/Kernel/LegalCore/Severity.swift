/// How grave a finding is. The first three are PS-RISK-2023's degrees (§2.6–2.8): gross (өрескел),
/// significant (елеулі), minor (елеусіз). `none` marks a finding that is not the provider's violation
/// (a routing failure); `warning` an alert before a deadline passes. An act that grades nothing gives
/// `violation` (a duty or term not met) or `deviation` (a rule "as a rule" not followed) — docs/reference/README.md.
public enum Severity: String, Hashable, Sendable, Codable, CaseIterable {
    case gross, significant, minor, none, warning, violation, deviation

    public var label: LocalizedText {
        switch self {
        case .gross: return LocalizedText(kk: "өрескел", ru: "грубое", en: "gross")
        case .significant: return LocalizedText(kk: "елеулі", ru: "значительное", en: "significant")
        case .minor: return LocalizedText(kk: "елеусіз", ru: "незначительное", en: "minor")
        case .none: return LocalizedText(kk: "бұзушылық емес", ru: "не нарушение", en: "not a violation")
        case .warning: return LocalizedText(kk: "ескерту", ru: "предупреждение", en: "warning")
        case .violation: return LocalizedText(kk: "бұзушылық", ru: "нарушение", en: "violation")
        case .deviation: return LocalizedText(kk: "ауытқу", ru: "отклонение", en: "deviation")
        }
    }

    /// Where PS-RISK-2023 defines the degree; nil for the others.
    public var citation: Citation? {
        switch self {
        case .gross: return Citation(.psRisk2023, "App.1 §2.6")
        case .significant: return Citation(.psRisk2023, "App.1 §2.7")
        case .minor: return Citation(.psRisk2023, "App.1 §2.8")
        case .none, .warning, .violation, .deviation: return nil
        }
    }
}
