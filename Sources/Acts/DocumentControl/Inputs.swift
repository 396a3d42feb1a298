import LegalCore

/// What `rasim documents` judges (docs/reference/documents.md "Input"): a central state body's correspondence, controlled
/// documents, draft approvals, plans, collegium, legal monitoring and control lists, as of an instant. Omitted values
/// take the contract's defaults; an omitted event has not happened.
public struct DocumentsInput: Sendable {
    public var asOf: Instant
    public var schedule = Schedule()
    public var incoming: [Incoming] = []
    public var outgoing: [Outgoing] = []
    public var controlled: [Controlled] = []
    public var drafts: [Draft] = []
    public var plans: [Plan] = []
    public var collegium: Collegium?
    public var monitoring: Monitoring?
    public var controlService: ControlService?
    /// The day each entry was made in a stored register (`RecordKey`), for `recorded_after_term`; empty from a file.
    public var recorded: [String: LocalDate] = [:]
    public init(asOf: Instant) { self.asOf = asOf }
}

/// The body's working hours (§12's urgent intake runs through them) and its zone.
public struct Schedule: Sendable, Hashable {
    public var timeZone = "Asia/Almaty"
    public var open = TimeOfDay(hour: 9, minute: 0)!
    public var close = TimeOfDay(hour: 18, minute: 30)!
    public init() {}
}

/// Who sent a letter (§12, §13) or whom a letter goes to (§19).
public enum Sender: String, Sendable, CaseIterable {
    case presidentialAdministration = "presidential_administration", parliament, pmOffice = "pm_office", stateBody = "state_body", other

    /// The Presidential Administration, Parliament and the Prime Minister's Office: longer intake (§12), never returned (§13),
    /// a control visa on what goes to them (§19).
    public var isHighest: Bool { self == .presidentialAdministration || self == .parliament || self == .pmOffice }
}

/// §12–17: an incoming letter.
public struct Incoming: Sendable {
    public enum Basis: String, Sendable, CaseIterable { case none, instruction, request }
    public enum Addressee: String, Sendable, CaseIterable { case leadership, unit }
    /// §13's details, by the contract's names.
    public enum Detail: String, Sendable, CaseIterable {
        case outgoingNumberDate = "outgoing_number_date", reference, signature, executor, letterhead, stateLanguage = "state_language"
    }
    public var id: String
    public var sender: Sender
    public var urgent = false
    /// §12: the proof of urgency shown at intake (default: `urgent`).
    public var urgencyProofShown = false
    public var basis: Basis = .none
    public var controlled = true
    public var addressee: Addressee = .leadership
    /// The details present (default: all six).
    public var details = Set(Detail.allCases)
    public var arrivedAt: Instant
    public var returnedAt: Instant?
    public var registeredAt: Instant?
    public var deliveredAt: Instant?
    public var reviewedAt: Instant?
    public var answeredAt: Instant?
    public init(id: String, sender: Sender, arrivedAt: Instant) { self.id = id; self.sender = sender; self.arrivedAt = arrivedAt }
}

/// §19: an outgoing document.
public struct Outgoing: Sendable {
    /// `draft_act`: a draft Government decree, PM order or law (§19 part 2 exempts it from letterhead and state language).
    public enum Form: String, Sendable, CaseIterable { case letter, draftAct = "draft_act" }
    public var id: String
    public var to: Sender
    public var form: Form = .letter
    public var signedOn: LocalDate
    public var controlVisa = true
    public var controlVisaOn: LocalDate?
    public var letterhead = true
    public var stateLanguage = true
    public init(id: String, to: Sender, signedOn: LocalDate) { self.id = id; self.to = to; self.signedOn = signedOn }
}

/// §31–36: a document on control.
public struct Controlled: Sendable {
    /// §31 in the wording of Decree 1195 of 31 Dec 2015.
    public enum Kind: String, Sendable, CaseIterable {
        case presidentAct = "president_act", governmentAct = "government_act", instruction, deputyInquiry = "deputy_inquiry"
        case stateBodyLetter = "state_body_letter", application, draftAct = "draft_act", `internal`
    }
    /// A new dated fact: the term extended to `to`, granted on `grantedOn` (never an overwrite of the term).
    public struct Extension: Sendable, Hashable {
        public var to: LocalDate
        public var grantedOn: LocalDate
        public init(to: LocalDate, grantedOn: LocalDate) { self.to = to; self.grantedOn = grantedOn }
    }
    public var id: String
    public var kind: Kind
    public var receivedOn: LocalDate
    public var term: LocalDate
    public var extensions: [Extension] = []
    public var executor: String?
    public var planApprovedOn: LocalDate?
    public var toLeadershipOn: LocalDate?
    public var toFirstHeadOn: LocalDate?
    public var executedOn: LocalDate?
    public init(id: String, kind: Kind, receivedOn: LocalDate, term: LocalDate) { self.id = id; self.kind = kind; self.receivedOn = receivedOn; self.term = term }
}

/// §21–26: a draft legal act sent to the body for approval.
public struct Draft: Sendable {
    public struct UrgentInstruction: Sendable {
        public var deadline: LocalDate
        public var proposalDue: LocalDate?
        /// The day the instruction was received (default: the draft's).
        public var receivedOn: LocalDate?
        public init(deadline: LocalDate) { self.deadline = deadline }
    }
    public struct Conclusion: Sendable { public var on: LocalDate; public var remarks: Bool
        public init(on: LocalDate, remarks: Bool) { self.on = on; self.remarks = remarks } }
    public struct Revised: Sendable { public var on: LocalDate; public var complete = true
        public init(on: LocalDate) { self.on = on } }
    public struct Meeting: Sendable { public var on: LocalDate; public var agreed: Bool; public var revisedOn: LocalDate?
        public init(on: LocalDate, agreed: Bool) { self.on = on; self.agreed = agreed } }
    public var id: String
    public var receivedOn: LocalDate
    public var underDecree413 = false
    public var urgentInstruction: UrgentInstruction?
    public var proposalOn: LocalDate?
    public var conclusion: Conclusion?
    public var visasOn: LocalDate?
    public var returnedOn: LocalDate?
    public var revised: Revised?
    public var remarksOn: LocalDate?
    public var meeting: Meeting?
    public var agreedOn: LocalDate?
    public var legalServiceAgreed = true
    public init(id: String, receivedOn: LocalDate) { self.id = id; self.receivedOn = receivedOn }
}

/// §4: a work plan.
public struct Plan: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case quarterly, annual, longTerm = "long_term" }
    public var id: String
    public var kind: Kind = .quarterly
    public var periodStart: LocalDate
    public var draftedOn: LocalDate?
    public var approvedOn: LocalDate?
    public init(id: String, periodStart: LocalDate) { self.id = id; self.periodStart = periodStart }
}

/// §7–9: the collegium's meetings; `since` starts §8's quarterly review (none judged without it).
public struct Collegium: Sendable {
    public struct Decision: Sendable { public var id: String; public var votesFor: Int
        public init(id: String, votesFor: Int) { self.id = id; self.votesFor = votesFor } }
    public struct Meeting: Sendable {
        public var id: String
        public var on: LocalDate
        public var members: Int
        /// Members attending in person (substitutes are never in it).
        public var present: Int
        public var substitutes = 0
        public var headOfStateInstructions = false
        public var stenographed = true
        public var publishedOnWebsite = true
        public var decisions: [Decision] = []
        public init(id: String, on: LocalDate, members: Int, present: Int) { self.id = id; self.on = on; self.members = members; self.present = present }
    }
    public var since: LocalDate?
    public var meetings: [Meeting] = []
    public init() {}
}

/// A calendar month (`2016-05`).
public struct Month: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int
    public init?(year: Int, month: Int) { guard (1...12).contains(month), (1...9998).contains(year) else { return nil }; self.year = year; self.month = month }
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 7, parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }
    public init(containing d: LocalDate) { year = d.year; month = d.month }
    public var first: LocalDate { LocalDate(year: year, month: month, day: 1)! }
    public var last: LocalDate { LocalDate.lastDayOfMonth(year: year, month: month) }
    public var next: Month { month == 12 ? Month(year: year + 1, month: 1)! : Month(year: year, month: month + 1)! }
    public var description: String { String(year) + "-" + (month < 10 ? "0" : "") + String(month) }
    public static func < (a: Month, b: Month) -> Bool { (a.year, a.month) < (b.year, b.month) }
}

/// §29-3: the monthly summaries of legal monitoring, from `since`.
public struct Monitoring: Sendable {
    public struct Summary: Sendable { public var month: Month; public var on: LocalDate
        public init(month: Month, on: LocalDate) { self.month = month; self.on = on } }
    public var since: Month
    public var summaries: [Summary] = []
    public init(since: Month) { self.since = since }
}

/// §34: the documentation service's weekly lists of controlled documents and approaching terms, from `since`.
public struct ControlService: Sendable {
    public var since: LocalDate
    public var weeklyLists: [LocalDate] = []
    public init(since: LocalDate) { self.since = since }
}
