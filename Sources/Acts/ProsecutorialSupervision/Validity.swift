import LegalCore

/// Where a day falls in the order's life (contracts/supervision.md "Validity"): registered 14 Apr 2015 (Order p.7);
/// paragraphs reworded by Order No. 20 of 29 Jan 2016 and the order repealed by Order No. 60 of 2 May 2018, each ten
/// calendar days after a first publication the sources do not date — so each has an uncertain window, from the
/// amending order's date + 11 days to the project's assumed end (data, to confirm).
public enum ValidityStatus: String, Sendable, CaseIterable {
    case notYetInForce = "not_yet_in_force", wording2015 = "wording_2015", wordingUncertain = "wording_uncertain"
    case inForce = "in_force", repealUncertain = "repeal_uncertain", repealed

    /// The windows, each including both ends.
    static let windows: [(from: LocalDate, status: ValidityStatus)] = [
        (LocalDate(year: 2015, month: 4, day: 14)!, .wording2015),
        (LocalDate(year: 2016, month: 2, day: 9)!, .wordingUncertain),
        (LocalDate(year: 2016, month: 4, day: 1)!, .inForce),
        (LocalDate(year: 2018, month: 5, day: 13)!, .repealUncertain),
        (LocalDate(year: 2018, month: 7, day: 1)!, .repealed),
    ]

    public static func of(_ day: LocalDate) -> ValidityStatus {
        windows.last { $0.from <= day }?.status ?? .notYetInForce
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
