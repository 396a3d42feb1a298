import BundledData
import JSONKit
import PublicServicesFeature
import LegalCore
import PublicServices
import Testing
import WorkCalendar

/// The act's own rules that the server and the CLI both apply: what a timeline may hold (`TimelineRules`), who
/// may sign (`SigningRule`), and how near a due day is (`Urgency`).
@Suite("PublicServices: recording order, the signing rule, urgency")
struct RecordingRulesTests {
    static func at(_ text: String) -> Instant { Instant(iso: text)! }
    static func e(_ kind: Event.Kind, _ time: String, _ index: Int, complaint: String? = nil, corrects: Int? = nil) -> Event {
        var e = Event(kind: kind, at: at("2025-03-\(time)+05:00"), complaint: complaint, index: index)
        e.corrects = corrects
        return e
    }
    static let opened = [e(.submitted, "03T10:00:00", 0), e(.registered, "03T11:00:00", 1)]

    static func problem(_ body: () throws(TimelineProblem) -> Void) -> TimelineProblem? {
        do { try body(); return nil } catch { return error }
    }

    @Test("a kind that happens once is refused a second time, a back-dated one too, unless the first was withdrawn")
    func once() {
        let again = Self.problem { () throws(TimelineProblem) in
            try TimelineRules.recording(existing: Self.opened, new: [Self.e(.registered, "03T10:30:00", 0)])
        }
        #expect(again?.kind == .eventExists && again?.field == "type" && again?.index == 0)
        // A result and a refusal are one decision.
        let decided = Self.opened + [Self.e(.resultIssued, "05T10:00:00", 2)]
        #expect(Self.problem { () throws(TimelineProblem) in try TimelineRules.recording(existing: decided, new: [Self.e(.refused, "04T10:00:00", 0)]) }?.kind
                == .eventExists)
        // Withdrawn by a correction (no replacement instant): the registration may be recorded anew.
        let withdrawn = Self.opened + [Self.e(.correction, "03T12:00:00", 2, corrects: 2)]
        #expect(Self.problem { () throws(TimelineProblem) in try TimelineRules.recording(existing: withdrawn, new: [Self.e(.registered, "03T12:30:00", 0)]) } == nil)
    }

    @Test("order: nothing before the submission, a decision after the registration, an answer after its complaint")
    func order() {
        let early = Self.problem { () throws(TimelineProblem) in
            try TimelineRules.recording(existing: Self.opened, new: [Self.e(.documentsAdded, "01T10:00:00", 0)])
        }
        #expect(early?.kind == .outOfOrder && early?.field == "at")
        let unregistered = Self.problem { () throws(TimelineProblem) in
            try TimelineRules.recording(existing: [Self.opened[0]], new: [Self.e(.resultIssued, "04T10:00:00", 0)])
        }
        #expect(unregistered?.kind == .outOfOrder && unregistered?.field == "type")
        let complaint = Self.opened + [Self.e(.complaintRegistered, "05T10:00:00", 2, complaint: "C-1")]
        let before = Self.problem { () throws(TimelineProblem) in
            try TimelineRules.recording(existing: complaint, new: [Self.e(.complaintAnswered, "04T10:00:00", 0, complaint: "C-1")])
        }
        #expect(before?.kind == .outOfOrder && before?.field == "complaint")
        #expect(Self.problem { () throws(TimelineProblem) in
            try TimelineRules.recording(existing: complaint, new: [Self.e(.complaintAnswered, "06T10:00:00", 0, complaint: "C-1")])
        } == nil)
    }

    @Test("references, in a check input as on the server: complaints registered once and answered only when registered; corrections name earlier events")
    func references() {
        let twice = Self.problem { () throws(TimelineProblem) in
            try TimelineRules.references(new: Self.opened + [Self.e(.complaintRegistered, "04T10:00:00", 2, complaint: "C-1"),
                                                             Self.e(.complaintRegistered, "05T10:00:00", 3, complaint: "C-1")])
        }
        #expect(twice?.kind == .duplicateComplaint && twice?.index == 3)
        let never = Self.problem { () throws(TimelineProblem) in
            try TimelineRules.references(new: Self.opened + [Self.e(.complaintAnswered, "04T10:00:00", 2, complaint: "C-7")])
        }
        #expect(never?.kind == .unknownReference && never?.field == "complaint")
        // A correction names an earlier event (1 = the first), never itself, a later one or another correction.
        for (n, ok) in [(1, true), (2, true), (3, false), (4, false), (0, false)] {
            let p = Self.problem { () throws(TimelineProblem) in
                try TimelineRules.references(new: Self.opened + [Self.e(.correction, "04T10:00:00", 2, corrects: n), Self.e(.documentsAdded, "05T10:00:00", 3)])
            }
            #expect((p == nil) == ok, "a correction naming event \(n)")
        }
        let ofCorrection = Self.problem { () throws(TimelineProblem) in
            try TimelineRules.references(existing: Self.opened + [Self.e(.correction, "04T10:00:00", 2, corrects: 2)],
                                         new: [Self.e(.correction, "05T10:00:00", 0, corrects: 3)])
        }
        #expect(ofCorrection?.field == "corrects")
    }

    @Test("the signing rule: the organization, then the right to sign the service, then absences")
    func signing() {
        let d = LocalDate("2025-07-10")!
        let akim = Official(id: "akim", maySign: ["svc"], absences: [.init(from: LocalDate("2025-07-01")!, to: LocalDate("2025-07-21")!)])
        #expect(SigningRule.problem(akim, service: "svc", day: LocalDate("2025-07-22")!) == nil)
        #expect(SigningRule.problem(akim, service: "other", day: LocalDate("2025-07-22")!) == .notAllowed(official: "akim", service: "other"))
        #expect(SigningRule.problem(akim, service: "svc", day: d) == .absent(official: "akim", akim.absences[0]))
        #expect(SigningRule.problem(akim, service: "svc", day: LocalDate("2025-07-22")!, organization: "a", provider: "b")
                == .otherOrganization(official: "akim", organization: "a", provider: "b"))
        // Unknown organization (a check input's officials carry none): not compared.
        #expect(SigningRule.problem(akim, service: "svc", day: LocalDate("2025-07-22")!, provider: "b") == nil)
        #expect(!SigningRule.citations.isEmpty)
    }

    @Test("urgency: overdue, today, the next working day (across a weekend and a holiday), later")
    func urgency() throws {
        let cal = try BundledData.calendar(overridesPath: nil, environment: [:])
        let friday = LocalDate("2025-03-07")!  // 8 March (Saturday) is a holiday; its day off moves to Monday 10 March
        let next = try cal.addWorkingDays(friday, 1)
        #expect(Urgency.of(due: friday, overdue: true, today: friday, calendar: cal) == .overdue)
        #expect(Urgency.of(due: friday, overdue: false, today: friday, calendar: cal) == .dueToday)
        #expect(Urgency.of(due: next, overdue: false, today: friday, calendar: cal) == .dueNextWorkingDay)
        #expect(next > LocalDate("2025-03-09")!, "the next working day after a Friday is past the weekend")
        #expect(Urgency.of(due: LocalDate("2025-03-09")!, overdue: false, today: friday, calendar: cal) == .later)
        #expect(Urgency.of(due: try cal.addWorkingDays(next, 1), overdue: false, today: friday, calendar: cal) == .later)
    }
}

@Suite("PublicServicesJSON.encode: a form's event stored as the API stores the same event")
struct EventEncodingTests {
    @Test("every kind: encode(decode(json)) is the normalised json", arguments: [
        #"{"type":"submitted","at":"2025-03-03T10:00:00+05:00","documents":["application","passport"]}"#,
        #"{"type":"registered","at":"2025-03-03T11:00:00+05:00"}"#,
        #"{"type":"documents_added","at":"2025-03-04T10:00:00+05:00","documents":["x"]}"#,
        #"{"type":"payment_demanded","at":"2025-03-04T10:00:00+05:00","amount":5000}"#,
        #"{"type":"refused","at":"2025-03-05T10:00:00+05:00","ground":"merits","reasons":["Қағидалардың 9-тармағы"],"signedBy":"akim"}"#,
        #"{"type":"result_issued","at":"2025-03-05T10:00:00+05:00","documents":["permit"],"signedBy":"akim"}"#,
        #"{"type":"complaint_answered","at":"2025-03-06T10:00:00+05:00","complaint":"C-1","satisfied":"partial"}"#,
        #"{"type":"correction","at":"2025-03-07T10:00:00+05:00","corrects":2,"reason":"wrong day","replacementAt":"2025-03-03T12:00:00+05:00"}"#,
    ])
    func roundTrip(_ json: String) throws {
        let officials = ["akim": Official(id: "akim", maySign: [])]
        let value = try json.utf8CString.withUnsafeBytes { b in
            var p = JSONParser(UnsafeRawBufferPointer(rebasing: b.dropLast()))
            return try p.parseValue("$")
        }
        let normalized = try PublicServicesJSON.normalizedEvent(value, "$")
        let event = try PublicServicesJSON.event(normalized, "$", index: 0, officials: officials)
        #expect(PublicServicesJSON.encode(event, offsetSeconds: 5 * 3600).text == normalized.text)
    }
}
