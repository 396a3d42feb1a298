import LegalCore

/// The wordings of MODEL-REG-2008's paragraphs the seed holds (docs/reference/documents.md "Validity and wordings"). The
/// seed holds each paragraph in its last wording only; when each took effect is the kernel's provision registry
/// (`Acts.provisions(.modelReg2008)`), written once for every module that cites the decree.
public enum Wording: String, Sendable, CaseIterable {
    case original = "289-2008", decree931 = "931-2010", decree34 = "34-2012", decree346 = "346-2015", decree1119 = "1119-2015"

    /// The wording of the paragraph at `place` that Rasim holds.
    public static func of(_ place: String) -> Wording {
        switch place {
        case "§9": return .decree931
        case "§15": return .decree34
        case "§29-3": return .decree346
        case "§13", "§14", "§19", "§21", "§22", "§23": return .decree1119
        default: return .original
        }
    }
}

enum Validity {
    /// Decree 641 of 25 Jun 2010 (unpublished) is noted as changing these: their published wording is applied, with a caveat.
    static let unpublishedAmendment: Set<String> = ["§4", "§32", "§36"]
    static let caveat = "decree_641_unpublished"

    static var registry: ProvisionRegistry? { Acts.provisions(.modelReg2008) }

    /// Why the paragraph at `place` cannot be applied on `date`, nil when its held wording is in force.
    static func notJudged(_ place: String, on date: LocalDate) -> NotJudged.Reason? {
        guard let registry else { return .earlierWordingNotHeld }
        switch registry.on(place, date) {
        case .held: return nil
        case .notHeld: return .earlierWordingNotHeld
        case .uncertain: return .entryIntoForceUncertain
        case .notInForce: return .notYetInAct
        }
    }

    /// The decree's own validity on an item's relevant date: nil in force, else the refusal's code (the item is refused:
    /// exit 2). Before 26 Mar 2008 or from 1 Apr 2019 `act_not_in_force`; 14–31 Mar 2019 `act_validity_uncertain` (Decree
    /// 108's commencement is not in the seed).
    static func refusal(_ date: LocalDate) -> (code: String, why: String)? {
        guard let act = registry?.act else { return ("act_not_in_force", "MODEL-REG-2008 is not in the kernel's list of acts") }
        switch act.validity.status(on: date) {
        case .inForce: return nil
        case .uncertain(let note): return ("act_validity_uncertain", "\(date) falls where MODEL-REG-2008's repeal may have taken effect (\(note))")
        case .notYetInForce: return ("act_not_in_force", "\(date) is before MODEL-REG-2008 took effect on \(act.validity.from)")
        case .noLongerInForce: return ("act_not_in_force", "\(date) is after MODEL-REG-2008 was repealed")
        }
    }

    /// The last day periods are generated for: the day before the repeal (periods ending on or after it are not generated).
    static var lastPeriodEnd: LocalDate { (registry?.act.validity.until ?? LocalDate(year: 2019, month: 3, day: 14)!).adding(days: -1) }
}
