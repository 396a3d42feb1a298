import LegalCore
import WorkCalendar

/// Section 4 of the decree, correspondence: §12 intake windows, §13 details and returns, §14 the Prime Minister's Office's
/// uncontrolled letters, §15 delivery in 2 working days, §16 the 2-hour clock, §17 the leadership's review, §19 what goes
/// out to the highest bodies.
enum Correspondence {
    /// §12's intake window of a sender on a day, in minutes of the local day: [from, to), nil when none.
    /// `other` and `state_body`: working days 09:00–17:00; a state body's urgent letter with the proof shown: the body's
    /// working day (`open`–`close`); the Presidential Administration, Parliament, the PM's Office: working days 09:00–20:00
    /// and any Saturday that is not a working day 09:00–17:00 (09:00 a reading).
    static func window(_ l: Incoming, on day: LocalDate, _ ctx: Context) throws(DocumentsError) -> Range<Int>? {
        let working = try ctx.isWorkingDay(day)
        switch l.sender {
        case .presidentialAdministration, .parliament, .pmOffice:
            if working { return 9 * 60 ..< 20 * 60 }
            return day.isoWeekday == 6 ? 9 * 60 ..< 17 * 60 : nil
        case .stateBody where l.urgent && l.urgencyProofShown:
            return working ? ctx.schedule.open.minutes ..< ctx.schedule.close.minutes : nil
        case .stateBody, .other:
            return working ? 9 * 60 ..< 17 * 60 : nil
        }
    }

    /// The acceptance instant A: the arrival inside a window of its sender, else the start of the sender's next window
    /// (a reading: §16 counts from arrival, and §12 accepts nothing outside the windows). A's date is the receipt day.
    static func accepted(_ l: Incoming, _ ctx: Context) throws(DocumentsError) -> (at: Instant, day: LocalDate) {
        let seconds = l.arrivedAt.secondsSinceEpoch
        guard let local = ctx.zone.local(seconds) else { throw DocumentsError(code: "calendar_not_covered", message: "no zone data for \(l.arrivedAt)", path: ctx.path + ".arrivedAt") }
        var day = LocalDate(dayNumber: local.day)
        if let w = try window(l, on: day, ctx), w.contains(local.minutes) { return (l.arrivedAt, day) }
        if let w = try window(l, on: day, ctx), local.minutes < w.lowerBound { return (ctx.zone.instant(day, second: w.lowerBound * 60), day) }
        for _ in 0..<60 {
            day = day.adding(days: 1)
            if let w = try window(l, on: day, ctx) { return (ctx.zone.instant(day, second: w.lowerBound * 60), day) }
        }
        throw DocumentsError(code: "calendar_not_covered", message: "no intake window within 60 days of \(l.arrivedAt)", path: ctx.path + ".arrivedAt")
    }

    /// §13 part 2: the details a state body's letter lacks — `reference` only when it answers an act or a request.
    static func lacking(_ l: Incoming) -> [Incoming.Detail] {
        Incoming.Detail.allCases.filter { d in !l.details.contains(d) && (d != .reference || l.basis != .none) }
    }

    static func intake(_ l: Incoming, _ ctx: Context) throws(DocumentsError) -> Intake {
        let (a, receiptDay) = try accepted(l, ctx)
        return Intake(window: try window(l, on: try ctx.localDay(l.arrivedAt), ctx), inWindow: a == l.arrivedAt, acceptedAt: a, receiptDay: receiptDay,
                      twoHoursDue: a.adding(seconds: 2 * 3600), deliveryDue: try ctx.workingDays(2, after: receiptDay))
    }

    static func judge(_ l: Incoming, _ ctx: inout Context) throws(DocumentsError) {
        let d = try ctx.localDay(l.arrivedAt)
        let intake = try intake(l, ctx)
        let receiptDay = intake.receiptDay
        let returnedDay = try l.returnedAt.map { i throws(DocumentsError) in try ctx.localDay(i) }

        // §13: a state body's letter without its details is returned the day it is received; the highest bodies' never.
        if l.sender == .stateBody, !lacking(l).isEmpty, ctx.applies("§13", .incoming, l.id, d) {
            ctx.term(.returnNotSameDay, .incoming, l.id, relevant: d, due: receiptDay, done: returnedDay, entry: RecordKey.field(l.id, "returnedAt"))
        }
        if l.sender.isHighest, let returnedDay, ctx.applies("§13", .incoming, l.id, d) {
            ctx.broken(.exemptLetterReturned, .incoming, l.id, relevant: d, Texts.returnedOn(returnedDay)) { $0.actual = returnedDay }
        }
        // §14: the Prime Minister's Office's uncontrolled letters get no reply.
        if l.sender == .pmOffice, !l.controlled, let answered = l.answeredAt, ctx.applies("§14", .incoming, l.id, d) {
            let day = try ctx.localDay(answered)
            ctx.broken(.pmNoncontrolAnswered, .incoming, l.id, relevant: d, Texts.answeredOn(day)) { $0.actual = day }
        }
        guard l.returnedAt == nil else { return }  // a returned letter gets no §15–17 findings

        // §16: registered, distributed and delivered, as a rule, within 2 hours of acceptance; urgent ones at once (read:
        // not later than the ordinary 2 hours).
        if ctx.applies("§16", .incoming, l.id, d) {
            try hours(l.urgent ? .urgentNotImmediate : .overTwoHours, l, relevant: d, intake, &ctx)
        }
        // §15: delivered within 2 working days of the receipt day.
        if ctx.applies("§15", .incoming, l.id, d) {
            ctx.term(.deliveryLate, .incoming, l.id, relevant: d, due: intake.deliveryDue, done: try l.deliveredAt.map { i throws(DocumentsError) in try ctx.localDay(i) },
                     entry: RecordKey.field(l.id, "deliveredAt"))
        }
        // §17: the leadership reviews a delivered letter on its day of receipt (delivered after `close` or on a
        // non-working day: the next working day).
        if l.addressee == .leadership, let delivered = l.deliveredAt, ctx.applies("§17", .incoming, l.id, d) {
            let due = try ctx.covered { () throws(CalendarError) in
                try ctx.calendar.receiptDay(seconds: delivered.secondsSinceEpoch, zone: ctx.zone, closeMinutes: ctx.schedule.close.minutes)
            }
            ctx.term(.reviewLate, .incoming, l.id, relevant: d, due: due, done: try l.reviewedAt.map { i throws(DocumentsError) in try ctx.localDay(i) },
                     entry: RecordKey.field(l.id, "reviewedAt"))
        }
    }

    /// An hour term by the clock: exactly at the mark is on time; late minutes rounded up, to the act or else to asOf.
    static func hours(_ code: DocumentCode, _ l: Incoming, relevant: LocalDate, _ intake: Intake, _ ctx: inout Context) throws(DocumentsError) {
        let a = intake.acceptedAt, dueAt = intake.twoHoursDue
        let offset = ctx.offset(a)
        func stamp(_ i: Instant) -> String { i.iso(offsetSeconds: ctx.offset(i)) }
        func minutes(_ to: Instant) -> Int { Int((to.secondsSinceEpoch - dueAt.secondsSinceEpoch + 59) / 60) }
        let dueText: MessageTemplate.Value = .init(stringLiteral: stamp(dueAt)), acceptedText = MessageTemplate.Value(stringLiteral: stamp(a))
        if let delivered = l.deliveredAt {
            guard delivered > dueAt else { return }
            let late = minutes(delivered)
            ctx.add(code, .incoming, l.id, relevant: relevant,
                    message: Texts.lateHours.render(["subject": "\(l.id)", "what": .init(code.label), "accepted": acceptedText, "due": dueText,
                                                      "outcome": .init(Texts.doneAt(stamp(delivered), minutes: late))])) {
                $0.hours = .init(acceptedAt: a, dueAt: dueAt, actualAt: delivered, lateMinutes: late, offsetSeconds: offset)
            }
        } else if ctx.asOf > dueAt {
            let late = minutes(ctx.asOf)
            ctx.add(code, .incoming, l.id, relevant: relevant,
                    message: Texts.lateHours.render(["subject": "\(l.id)", "what": .init(code.label), "accepted": acceptedText, "due": dueText,
                                                      "outcome": .init(Texts.notDoneAt(minutes: late))])) {
                $0.hours = .init(acceptedAt: a, dueAt: dueAt, actualAt: nil, lateMinutes: late, offsetSeconds: offset)
            }
        }
        // Not yet due: no warning — `deadline_approaching` is for dated obligations (docs/reference/documents.md); the
        // registration desk shows the running clock itself.
    }

    /// §19: what goes to the highest bodies carries the control service's visa; a letter to them or to a state body is on
    /// the letterhead and in the state language (a draft act is exempt from both).
    static func judge(_ o: Outgoing, _ ctx: inout Context) {
        guard o.to.isHighest || o.to == .stateBody else { return }
        var missing: [String] = []
        if o.to.isHighest, !o.controlVisa { missing.append("control_visa") }
        if o.form == .letter {
            if !o.letterhead { missing.append("letterhead") }
            if !o.stateLanguage { missing.append("state_language") }
        }
        guard !missing.isEmpty, ctx.applies("§19", .outgoing, o.id, o.signedOn) else { return }
        ctx.broken(.outgoingFormBreach, .outgoing, o.id, relevant: o.signedOn, Texts.missing(missing)) { $0.missing = missing }
    }
}

/// A letter's intake as §12 and §15–16 count it: the sender's window on the day it arrived (minutes of the local day; nil
/// when none), whether it arrived inside it, the acceptance instant and the receipt day, the two hours' mark (§16) and the
/// 2 working days' due (§15).
public struct Intake: Sendable {
    public var window: Range<Int>?
    public var inWindow: Bool
    public var acceptedAt: Instant
    public var receiptDay: LocalDate
    public var twoHoursDue: Instant
    public var deliveryDue: LocalDate
}
