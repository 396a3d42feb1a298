import LegalCore

/// §6: the cases in which the prosecutor's participation at first instance is mandatory — the list's indents
/// numbered 1–13 (the act leaves them unnumbered: project numbering). Item 1 («кәмелетке толмағандарға қатысты және
/// қамауға әкеп соғатын») is two triggers, either suffices: the act joins separate classes with «және» (§10 names §6's
/// items 6 and 7 so). "Entailing" a sanction: the charged article provides it.
public enum Category: String, Sendable, CaseIterable {
    case minor, arrest, higherProsecutor = "higher_prosecutor", prosecutorInitiated = "prosecutor_initiated"
    case corruption, electoral, environment, taxation, customs, confiscation, expulsion, demolition
    case complaintCh44 = "complaint_ch44", complaintCh45 = "complaint_ch45"

    /// The indent of §6's list.
    public var item: Int {
        switch self {
        case .minor, .arrest: return 1
        case .higherProsecutor: return 2
        case .prosecutorInitiated: return 3
        case .corruption: return 4
        case .electoral: return 5
        case .environment: return 6
        case .taxation: return 7
        case .customs: return 8
        case .confiscation: return 9
        case .expulsion: return 10
        case .demolition: return 11
        case .complaintCh44: return 12
        case .complaintCh45: return 13
        }
    }

    public var citation: Citation { Citation(.prosecAdm2015, "§6 item \(item)") }

    /// The categories of a case, in §6's order.
    static func of(_ c: Case) -> [Category] {
        allCases.filter { cat in
            switch cat {
            case .minor: return c.minor
            case .arrest: return c.sanctionsProvided.contains(.arrest)
            case .higherProsecutor: return c.requiredByHigherProsecutor
            case .prosecutorInitiated: return c.initiator.kind == .prosecutor
            case .corruption: return c.spheres.contains(.corruption)
            case .electoral: return c.spheres.contains(.electoral)
            case .environment: return c.spheres.contains(.environment)
            case .taxation: return c.spheres.contains(.taxation) || c.obligationCase == .tax
            case .customs: return c.spheres.contains(.customs)
            case .confiscation: return c.sanctionsProvided.contains(.confiscation)
            case .expulsion: return c.sanctionsProvided.contains(.expulsion)
            case .demolition: return c.sanctionsProvided.contains(.demolition)
            case .complaintCh44: return c.kind == .complaintCh44
            case .complaintCh45: return c.kind == .complaintCh45
            }
        }
    }

    /// §10: the categories whose terminated cases need a substantive conclusion.
    static let conclusionCategories: Set<Category> = [.corruption, .environment, .taxation, .customs, .confiscation]
}

/// §7 and §9: which office checks a case, and why; §17: the office that reviews its work.
public struct Routing: Sendable, Equatable {
    public enum Basis: String, Sendable {
        case military, transport, environmental
        case territorialFallback = "territorial_fallback", initiatingUnit = "initiating_unit", territorial
    }
    public var office: String
    public var unit: String?
    public var basis: Basis
    public var reviewOffice: String?
    /// §7: a specialized office covers the court but was not notified (the territorial office took the case).
    public var specializedNotNotified = false

    /// First hit: military, transport, environmental (§7: to the district office of that kind covering the court —
    /// for environmental, the initiating office if it covers it; none, or not notified, → the territorial office);
    /// the initiating unit of any other prosecutor's office (§9); else the territorial office of the court's location.
    static func of(_ c: Case, mandatory: Bool, offices: [String: Office]) -> Routing? {
        func district(_ kind: Office.Kind) -> Office? {
            offices.values.filter { $0.kind == kind && $0.level == .district && $0.locations.contains(c.courtLocation) }.min { $0.id < $1.id }
        }
        let initiatingOffice = c.initiator.kind == .prosecutor ? c.initiator.office.flatMap { offices[$0] } : nil
        var specialized: (Routing.Basis, Office?)?
        if c.aocChapter == 32 || c.initiator.kind == .armedForcesOfficial || c.militaryStatus != nil {
            specialized = (.military, district(.military))
        } else if mandatory, initiatingOffice?.kind == .transport || (c.initiator.kind == .body && c.initiator.transport) {
            specialized = (.transport, district(.transport))
        } else if let initiating = initiatingOffice, initiating.kind == .environmental {
            specialized = (.environmental, initiating.locations.contains(c.courtLocation) ? initiating : nil)
        }
        let routing: Routing
        if let (basis, office) = specialized {
            if let office, c.specializedNotified {
                routing = Routing(office: office.id, basis: basis)
            } else {
                guard let territorial = district(.territorial) else { return nil }
                routing = Routing(office: territorial.id, basis: .territorialFallback, specializedNotNotified: office != nil)
            }
        } else if let initiating = initiatingOffice {
            routing = Routing(office: initiating.id, unit: c.initiator.unit, basis: .initiatingUnit)
        } else {
            guard let territorial = district(.territorial) else { return nil }
            routing = Routing(office: territorial.id, basis: .territorial)
        }
        var out = routing
        if let routed = offices[out.office] { out.reviewOffice = routed.level == .district ? routed.parent : routed.id }
        return out
    }
}
