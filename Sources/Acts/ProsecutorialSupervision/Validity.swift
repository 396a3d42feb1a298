import LegalCore

/// Where a day falls in the order's life (docs/reference/supervision.md "Validity"): registered 14 Apr 2015 (Order p.7);
/// paragraphs reworded by Order No. 20 of 29 Jan 2016 and the order repealed by Order No. 60 of 2 May 2018, each ten
/// calendar days after a first publication the sources do not date — so each has an uncertain window, from the
/// amending order's date + 11 days to the project's assumed end. The dates are the kernel's data (the act's validity
/// and its provision registry), written once for every module that cites the order.
public enum ValidityStatus: String, Sendable, CaseIterable {
    case notYetInForce = "not_yet_in_force", wording2015 = "wording_2015", wordingUncertain = "wording_uncertain"
    case inForce = "in_force", repealUncertain = "repeal_uncertain", repealed

    /// The status of `day`, read from the act's dates and its provision registry (LegalCore: `Acts`, `ProvisionData`):
    /// the order's own validity (registration, the repeal and its uncertain window), then the wording of a paragraph
    /// Order No. 20 reworded (§6 stands for all fourteen: they share one window).
    public static func of(_ day: LocalDate) -> ValidityStatus {
        guard let registry = Acts.provisions(.prosecAdm2015) else { return .notYetInForce }
        switch registry.act.validity.status(on: day) {
        case .notYetInForce: return .notYetInForce
        case .noLongerInForce: return .repealed
        case .uncertain: return .repealUncertain
        case .inForce:
            switch registry.on("§6", day) {
            case .held: return .inForce
            case .notHeld: return .wording2015
            case .uncertain: return .wordingUncertain
            case .notInForce: return .notYetInForce
            }
        }
    }

    /// Outside the order's life: nothing judged but the marker.
    public var outside: Bool { self == .notYetInForce || self == .repealUncertain || self == .repealed }
    /// Only the paragraphs the 2016 order left as they were can be judged (the sources hold only the 2016 wording).
    public var unamendedOnly: Bool { self == .wording2015 || self == .wordingUncertain }

    /// The marker's citation.
    var markerCitation: Citation {
        switch self {
        case .notYetInForce: return Citation(.prosecAdm2015, "Order p.7")
        case .repealUncertain, .repealed: return Citation(.prosecAdm2015, "header: repealed by Order No. 60 of 02.05.2018")
        case .wording2015, .wordingUncertain, .inForce:
            return Citation(.prosecAdm2015, "notes to §6, 7, 9, 10, 11, 14, 15, 17, 18, 22, 23, 26, 27, 28: Order No. 20 of 29.01.2016")
        }
    }
}
