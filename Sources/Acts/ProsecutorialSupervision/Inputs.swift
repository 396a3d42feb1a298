import LegalCore

/// What `rasim supervision` reads (docs/reference/supervision.md "Input"), as values: the prosecutor's offices, the court
/// cases on administrative offences with their decisions and protests, the applications for a protest, the reports.
public struct SupervisionInput: Sendable {
    public var asOf: LocalDate
    public var offices: [Office]
    public var cases: [Case]
    public var applications: [Application]
    public var reports: [Report]
    public var kpiPeriod: ClosedRange<LocalDate>?
    public init(asOf: LocalDate, offices: [Office] = [], cases: [Case] = [], applications: [Application] = [], reports: [Report] = [],
                kpiPeriod: ClosedRange<LocalDate>? = nil) {
        self.asOf = asOf; self.offices = offices; self.cases = cases; self.applications = applications; self.reports = reports; self.kpiPeriod = kpiPeriod
    }
}

/// A prosecutor's office (§7): territorial or specialized, at a level, covering locations.
public struct Office: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case territorial, military, transport, environmental }
    public enum Level: String, Sendable, CaseIterable { case district, oblast, general }
    public var id: String
    public var kind: Kind
    public var level: Level
    public var locations: [String]
    public var parent: String?
    public init(id: String, kind: Kind, level: Level, locations: [String], parent: String? = nil) {
        self.id = id; self.kind = kind; self.level = level; self.locations = locations; self.parent = parent
    }
}

/// A prosecutor's role, as §13 and §25 name who may protest.
public enum ProsecutorRole: String, Sendable, CaseIterable {
    case participatingProsecutor = "participating_prosecutor", prosecutorGeneral = "prosecutor_general"
    case deputyProsecutorGeneral = "deputy_prosecutor_general", oblastProsecutor = "oblast_prosecutor"
    case deputyOblastProsecutor = "deputy_oblast_prosecutor", districtProsecutor = "district_prosecutor", otherProsecutor = "other_prosecutor"

    /// Who, in words.
    public var label: LocalizedText {
        switch self {
        case .participatingProsecutor: return LocalizedText(kk: "іске қатысқан прокурор", ru: "участвовавший в деле прокурор", en: "the participating prosecutor")
        case .prosecutorGeneral: return LocalizedText(kk: "Бас прокурор", ru: "Генеральный прокурор", en: "the Prosecutor General")
        case .deputyProsecutorGeneral: return LocalizedText(kk: "Бас прокурордың орынбасары", ru: "заместитель Генерального прокурора", en: "a deputy Prosecutor General")
        case .oblastProsecutor: return LocalizedText(kk: "облыс прокуроры", ru: "прокурор области", en: "the oblast prosecutor")
        case .deputyOblastProsecutor: return LocalizedText(kk: "облыс прокурорының орынбасары", ru: "заместитель прокурора области", en: "a deputy oblast prosecutor")
        case .districtProsecutor: return LocalizedText(kk: "аудан прокуроры", ru: "прокурор района", en: "the district prosecutor")
        case .otherProsecutor: return LocalizedText(kk: "өзге прокурор", ru: "иной прокурор", en: "another prosecutor")
        }
    }
}

/// A court case on an administrative offence, or a complaint under AOC ch. 44 / ch. 45, with its first-instance decision.
public struct Case: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case offence, complaintCh44 = "complaint_ch44", complaintCh45 = "complaint_ch45" }
    public enum Sphere: String, Sendable, CaseIterable { case corruption, electoral, environment, taxation, customs }
    public enum ObligationCase: String, Sendable, CaseIterable { case tax, pension, socialInsurance = "social_insurance" }
    public enum Sanction: String, Sendable, CaseIterable { case arrest, confiscation, expulsion, demolition }
    public enum MilitaryStatus: String, Sendable, CaseIterable {
        case serviceman, reservistAtTraining = "reservist_at_training", civilianStaffOnDuty = "civilian_staff_on_duty"
    }
    public enum Outcome: String, Sendable, CaseIterable {
        case penalty, terminated, complaintRejected = "complaint_rejected", resolutionChanged = "resolution_changed"
        case resolutionAnnulledTerminated = "resolution_annulled_terminated", resolutionAnnulledRemanded = "resolution_annulled_remanded"
        case reviewGranted = "review_granted", reviewRefused = "review_refused"
    }
    public enum StudyResult: String, Sendable, CaseIterable { case lawful, unlawful }
    public struct Initiator: Sendable {
        public enum Kind: String, Sendable, CaseIterable { case prosecutor, armedForcesOfficial = "armed_forces_official", body }
        public var kind: Kind = .body
        public var office: String?
        public var unit: String?
        /// A body competent in transport (§7).
        public var transport = false
        public init(kind: Kind = .body, office: String? = nil, unit: String? = nil, transport: Bool = false) {
            self.kind = kind; self.office = office; self.unit = unit; self.transport = transport
        }
    }
    public var id: String
    public var kind: Kind
    public var courtLocation: String
    public var aocChapter: Int?
    public var spheres: [Sphere] = []
    public var obligationCase: ObligationCase?
    public var minor = false
    public var sanctionsProvided: [Sanction] = []
    public var militaryStatus: MilitaryStatus?
    public var initiator = Initiator()
    public var requiredByHigherProsecutor = false
    public var specializedNotified = true
    public var prosecutorParticipated: Bool
    public var decidedOn: LocalDate
    public var outcome: Outcome
    public var copyReceivedOn: LocalDate?
    public var studiedOn: LocalDate?
    public var studyResult: StudyResult?
    public var enteredIntoForceOn: LocalDate?
    public var conclusionApprovedOn: LocalDate?
    public var protests: [Protest] = []
    public var appeal: Appeal?
    public var privateResolutions: [PrivateResolution] = []

    public init(id: String, kind: Kind, courtLocation: String, prosecutorParticipated: Bool, decidedOn: LocalDate, outcome: Outcome) {
        self.id = id; self.kind = kind; self.courtLocation = courtLocation; self.prosecutorParticipated = prosecutorParticipated
        self.decidedOn = decidedOn; self.outcome = outcome
    }
}

/// A prosecutor's protest of a court act (§13 appeal, §25 cassation) and what the court did with it.
public struct Protest: Sendable {
    public enum Stage: String, Sendable, CaseIterable { case appeal, cassation }
    public enum Outcome: String, Sendable, CaseIterable {
        case pending, satisfied, partiallySatisfied = "partially_satisfied", unsatisfied, withdrawalGranted = "withdrawal_granted", returned
    }
    public enum RequestedBy: String, Sendable, CaseIterable { case protester, higherProsecutor = "higher_prosecutor", other }
    public var id: String
    public var stage: Stage
    public var filedOn: LocalDate
    public var by: ProsecutorRole
    /// A cassation protest brought on a lower prosecutor's proposal (§14, §23).
    public var onProposal = false
    public var outcome: Outcome = .pending
    public var requestedBy: RequestedBy?
    public var decidedOn: LocalDate?
    public init(id: String, stage: Stage, filedOn: LocalDate, by: ProsecutorRole) { self.id = id; self.stage = stage; self.filedOn = filedOn; self.by = by }
}

/// The appeal court's review of the first-instance decision (§8, §22).
public struct Appeal: Sendable {
    public enum Result: String, Sendable, CaseIterable { case annulled, changed, upheld }
    /// §22's grounds to leave an annulment or change out of the indicator, with the Department's consent.
    public struct Exclusion: Sendable {
        public enum Reason: String, Sendable, CaseIterable {
            case cassationReversed = "cassation_reversed", penaltyWithinSanction = "penalty_within_sanction"
            case newEvidenceOnAppeal = "new_evidence_on_appeal", alternativePenaltyRemoved = "alternative_penalty_removed"
            case amnestyOrReconciliation = "amnesty_or_reconciliation"
        }
        public var reason: Reason
        public var decisionOn: LocalDate
        public var requestedOn: LocalDate?
        public var consented = false
        public init(reason: Reason, decisionOn: LocalDate) { self.reason = reason; self.decisionOn = decisionOn }
    }
    public var decidedOn: LocalDate
    public var result: Result
    public var prosecutorParticipated: Bool
    public var exclusion: Exclusion?
    public init(decidedOn: LocalDate, result: Result, prosecutorParticipated: Bool) {
        self.decidedOn = decidedOn; self.result = result; self.prosecutorParticipated = prosecutorParticipated
    }
}

/// A court's private resolution on a violation of legality (§24).
public struct PrivateResolution: Sendable {
    public var issuedOn: LocalDate
    public var onProsecutorMotion = false
    /// Where the motion is shown: `court_act`, `hearing_record`, `written_conclusion`.
    public var confirmedBy: [String] = []
    public init(issuedOn: LocalDate) { self.issuedOn = issuedOn }
}

/// An application asking the prosecutor to protest a court act (§18, §27).
public struct Application: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case appealProtest = "appeal_protest", cassationProtest = "cassation_protest" }
    public enum Signer: String, Sendable, CaseIterable { case applicant, representative, none }
    public enum Handling: String, Sendable, CaseIterable { case pending, considered, returned, refused }
    /// §27 items 1–5, in the contract's order.
    public static let contentItems = ["addressee", "applicantName", "applicantResidence", "applicantStatus", "courtsAndDecisions",
                                      "contestedResolution", "violationAndRequest"]
    public var id: String
    public var caseID: String
    public var kind: Kind
    public var receivedOn: LocalDate
    /// The day it reached the official who examines it (§18), `receivedOn` when not given.
    public var reachedExaminerOn: LocalDate?
    public var requisitionInstructedOn: LocalDate?
    public var requestReachedCourtOn: LocalDate?
    public var courtSentCaseOn: LocalDate?
    /// §27's items present, by `contentItems` name.
    public var contents: [String: Bool] = [:]
    public var signedBy: Signer = .none
    public var powerOfAttorney = false
    public var certifiedCopies = false
    public var handling: Handling = .pending
    public init(id: String, caseID: String, kind: Kind, receivedOn: LocalDate) { self.id = id; self.caseID = caseID; self.kind = kind; self.receivedOn = receivedOn }
}

/// A report an office owes (§20 quarterly analysis, §28 monthly study and regional report, §7 reconciliation).
public struct Report: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case quarterlyAnalysis = "quarterly_analysis", monthlyStudy = "monthly_study", regionalReport = "regional_report", reconciliation
    }
    public var id: String
    public var office: String
    public var kind: Kind
    public var period: Period
    public var submittedOn: LocalDate?
    public init(id: String, office: String, kind: Kind, period: Period) { self.id = id; self.office = office; self.kind = kind; self.period = period }
}

/// A report's period: a quarter (`2017-Q1`) or a month (`2017-03`).
public enum Period: Hashable, Sendable, CustomStringConvertible {
    case quarter(year: Int, number: Int)
    case month(year: Int, month: Int)

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII), let y = Int(parts[0]), (1...9998).contains(y) else { return nil }
        if parts[1].count == 2, parts[1].hasPrefix("Q"), let n = Int(parts[1].dropFirst()), (1...4).contains(n) {
            self = .quarter(year: y, number: n)
        } else if parts[1].count == 2, parts[1].allSatisfy(\.isNumber), let m = Int(parts[1]), (1...12).contains(m) {
            self = .month(year: y, month: m)
        } else {
            return nil
        }
    }
    public var description: String {
        switch self {
        case .quarter(let y, let n): return "\(y)-Q\(n)"
        case .month(let y, let m): return "\(y)-\(m < 10 ? "0" : "")\(m)"
        }
    }
    public var isMonth: Bool { if case .month = self { return true } else { return false } }
    /// The period after this one.
    public var next: Period {
        switch self {
        case .quarter(let y, let n): return n == 4 ? .quarter(year: y + 1, number: 1) : .quarter(year: y, number: n + 1)
        case .month(let y, let m): return m == 12 ? .month(year: y + 1, month: 1) : .month(year: y, month: m + 1)
        }
    }
    /// The period of the same shape containing `d`.
    func containing(_ d: LocalDate) -> Period {
        isMonth ? .month(year: d.year, month: d.month) : .quarter(year: d.year, number: (d.month - 1) / 3 + 1)
    }
}

extension SupervisionInput {
    /// The records as they were known on `day`: what happened after it left out — a case decided later, a copy received,
    /// a study, a protest filed or decided, an appeal, a resolution, an application's steps, a report submitted —
    /// so that a past day is judged as a prosecutor saw it that morning.
    public func known(on day: LocalDate) -> SupervisionInput {
        func upTo(_ d: LocalDate?) -> LocalDate? { d.flatMap { $0 <= day ? $0 : nil } }
        var out = self
        out.asOf = day
        out.cases = cases.filter { $0.decidedOn <= day }.map { c in
            var c = c
            c.copyReceivedOn = upTo(c.copyReceivedOn); c.studiedOn = upTo(c.studiedOn)
            if c.studiedOn == nil { c.studyResult = nil }
            c.enteredIntoForceOn = upTo(c.enteredIntoForceOn); c.conclusionApprovedOn = upTo(c.conclusionApprovedOn)
            c.protests = c.protests.filter { $0.filedOn <= day }.map { p in
                var p = p
                if let d = p.decidedOn, d > day { p.decidedOn = nil; p.outcome = .pending; p.requestedBy = nil }
                return p
            }
            if let a = c.appeal, a.decidedOn > day { c.appeal = nil }
            if var e = c.appeal?.exclusion {
                if e.decisionOn > day { c.appeal?.exclusion = nil } else { e.requestedOn = upTo(e.requestedOn); c.appeal?.exclusion = e }
            }
            c.privateResolutions = c.privateResolutions.filter { $0.issuedOn <= day }
            return c
        }
        let cases = Set(out.cases.map(\.id))
        out.applications = applications.filter { $0.receivedOn <= day && cases.contains($0.caseID) }.map { a in
            var a = a
            a.reachedExaminerOn = upTo(a.reachedExaminerOn); a.requisitionInstructedOn = upTo(a.requisitionInstructedOn)
            a.requestReachedCourtOn = upTo(a.requestReachedCourtOn); a.courtSentCaseOn = upTo(a.courtSentCaseOn)
            return a
        }
        out.reports = reports.map { r in var r = r; r.submittedOn = upTo(r.submittedOn); return r }
        return out
    }
}
