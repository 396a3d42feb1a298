import LegalCore

/// The 28 finding codes of docs/reference/documents.md, each with the paragraphs it cites (the first is the one whose
/// wording it carries). The decree grades nothing: a duty or term not met is a `violation`; §16's "as a rule" two
/// hours a `deviation`; the developer's own §23 term `none`; an early warning a `warning`.
public enum DocumentCode: String, CaseIterable, Sendable {
    case returnNotSameDay = "return_not_same_day", exemptLetterReturned = "exempt_letter_returned"
    case overTwoHours = "over_two_hours", urgentNotImmediate = "urgent_not_immediate", deliveryLate = "delivery_late"
    case reviewLate = "review_late", pmNoncontrolAnswered = "pm_noncontrol_answered", outgoingFormBreach = "outgoing_form_breach"
    case controlTermMissed = "control_term_missed", lateToLeadership = "late_to_leadership", lateToFirstHead = "late_to_first_head"
    case implementationPlanLate = "implementation_plan_late", visasLate = "visas_late", revisionTermMissed = "revision_term_missed"
    case remarksLate = "remarks_late", postMeetingLate = "post_meeting_late", urgentProposalLate = "urgent_proposal_late"
    case legalServiceSkipped = "legal_service_skipped", planDraftedLate = "plan_drafted_late", planApprovedLate = "plan_approved_late"
    case collegiumWithoutQuorum = "collegium_without_quorum", collegiumSubstitute = "collegium_substitute"
    case decisionWithoutMajority = "decision_without_majority", collegiumRecordIncomplete = "collegium_record_incomplete"
    case quarterlyReviewMissing = "quarterly_review_missing", monitoringSummaryLate = "monitoring_summary_late"
    case weeklyListMissing = "weekly_list_missing", deadlineApproaching = "deadline_approaching"
    /// A stored register's fact entered after the term it meets (`Records.swift`): beyond the contract's 28, server-side only.
    case recordedAfterTerm = "recorded_after_term"

    public var severity: Severity {
        switch self {
        case .overTwoHours: return .deviation
        case .revisionTermMissed: return .none
        case .deadlineApproaching, .recordedAfterTerm: return .warning
        default: return .violation
        }
    }

    /// The paragraphs of the contract's "§" column, the first giving the wording.
    public var places: [String] {
        switch self {
        case .returnNotSameDay: return ["§13"]
        case .exemptLetterReturned: return ["§13", "§12"]
        case .overTwoHours, .urgentNotImmediate: return ["§16"]
        case .deliveryLate: return ["§15"]
        case .reviewLate: return ["§17"]
        case .pmNoncontrolAnswered: return ["§14"]
        case .outgoingFormBreach: return ["§19"]
        case .controlTermMissed: return ["§34", "§33"]
        case .lateToLeadership, .lateToFirstHead: return ["§36"]
        case .implementationPlanLate: return ["§32"]
        case .visasLate: return ["§22"]
        case .revisionTermMissed, .remarksLate: return ["§23"]
        case .postMeetingLate: return ["§25"]
        case .urgentProposalLate: return ["§26"]
        case .legalServiceSkipped: return ["§21"]
        case .planDraftedLate, .planApprovedLate: return ["§4"]
        case .collegiumWithoutQuorum, .collegiumSubstitute: return ["§7"]
        case .decisionWithoutMajority, .collegiumRecordIncomplete: return ["§9"]
        case .quarterlyReviewMissing: return ["§8"]
        case .monitoringSummaryLate: return ["§29-3"]
        case .weeklyListMissing: return ["§34"]
        case .deadlineApproaching: return ["§34"]
        case .recordedAfterTerm: return ["§34"]  // each finding cites its term's paragraph instead
        }
    }

    public var citation: [Citation] { places.map { Citation(.modelReg2008, $0) } }

    /// Its label in the three languages (pages, messages).
    public var label: LocalizedText { Texts.label(self) }
}

/// Where a finding belongs (docs/reference/documents.md: `section`).
public enum Section: String, Sendable, CaseIterable {
    case incoming, outgoing, controlled, drafts, plans, collegium, monitoring, controlService
}

/// One finding, in the contract's terms. Day findings carry `due`/`actual`/`lateDays`; hour findings (§16)
/// `acceptedAt`/`dueAt`/`actualAt`/`lateMinutes`; period findings `period`.
public struct DocumentFinding: Sendable {
    public var section: Section
    public var subject: String
    public var code: DocumentCode
    public var severity: Severity
    public var citation: [Citation]
    public var wording: Wording
    public var relevantDate: LocalDate
    public var due: LocalDate?
    public var actual: LocalDate?
    public var lateDays: Int?
    public var hours: Hours?
    public var missing: [String]?
    public var period: String?
    /// For `deadline_approaching`: the code of the obligation it warns of.
    public var obligation: DocumentCode?
    /// `decree_641_unpublished` on §4, §32, §36.
    public var caveat: String?
    public var message: LocalizedText

    /// §16's clock: when the letter was accepted, when the two hours end, when it was delivered (nil: not yet).
    public struct Hours: Sendable {
        public var acceptedAt: Instant
        public var dueAt: Instant
        public var actualAt: Instant?
        public var lateMinutes: Int?
        /// The offset the instants are written in (the body's zone at that moment).
        public var offsetSeconds: Int
    }
}

/// A paragraph that could not be applied to an item (docs/reference/documents.md "Validity and wordings").
public struct NotJudged: Sendable, Hashable {
    public enum Reason: String, Sendable, CaseIterable {
        case entryIntoForceUncertain = "entry_into_force_uncertain", earlierWordingNotHeld = "earlier_wording_not_held", notYetInAct = "not_yet_in_act"
    }
    public var section: Section
    public var subject: String
    public var place: String
    public var relevantDate: LocalDate
    public var reason: Reason
    public var period: String?
}
