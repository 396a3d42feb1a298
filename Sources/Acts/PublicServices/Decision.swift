import LegalCore
import WorkCalendar

/// Stage III — decision and result (PS-VIOLATIONS-2025 Stage III, cases 11–15), and the term of the whole
/// service (Stage II case 9, Stage III case 14), complaints (PS-RISK-2023 App.1 #17, #21).
enum Decision {
    /// The service term: the result or refusal due by the end of the due day; late, overdue, or about to be.
    static func term(_ f: Facts, _ ctx: CheckContext) throws(CheckError) -> [Finding] {
        let cal = ctx.calendar
        let term = f.passport.term
        var deadline = try Checks.wrap(f.app.first(.received) ?? f.app.first(.submitted)) { () throws(CalendarError) in
            try term.deadline(from: f.receiptDay, calendar: cal, detailed: ctx.detailedTraces)
        }
        let dueInstant = try Checks.workingHoursDue(f, &deadline, cal)
        let due = deadline.due
        if let decision = f.app.decision {
            let day = try Checks.day(decision, f, cal)
            let isLate = dueInstant.map { decision.at > $0 } ?? (day > due)
            guard isLate else { return [] }
            let late = try Checks.wrap(decision) { () throws(CalendarError) in try cal.workingDaysBetween(due, day) }
            let what = decision.kind == .refused
                ? LocalizedText(kk: "Бас тарту", ru: "Отказ", en: "The refusal")
                : LocalizedText(kk: "Нәтиже", ru: "Результат", en: "The result")
            return [Checks.finding(.termBreach, f, due: due, actual: day, late: late, message: Message.termBreach.text(["what": .init(what), "due": "\(due)", "term": .init(term.label), "received": "\(f.receiptDay)", "actual": "\(day)", "late": "\(late)"]),
                fromEvent: Checks.receiptText(f), deadline: deadline, happened: "\(decision.kind.rawValue) \(Checks.local(decision.at, f))")]
        }
        let overdue = dueInstant.map { ctx.asOf > $0 } ?? (f.asOfDay > due)
        if overdue {
            let late = try Checks.wrap(nil) { () throws(CalendarError) in try cal.workingDaysBetween(due, f.asOfDay) }
            return [Checks.finding(.termBreach, f, due: due, late: late, message: Message.termOverdue.text(["due": "\(due)", "term": .init(term.label), "asOf": "\(f.asOfDay)", "late": "\(late)"]),
                fromEvent: Checks.receiptText(f), deadline: deadline, happened: "no result or refusal by asOf")]
        }
        // Open and not yet late: warn when the due day is today or the next working day.
        let urgency = Urgency.of(due: due, overdue: false, today: f.asOfDay, calendar: cal)
        guard urgency == .dueToday || urgency == .dueNextWorkingDay else { return [] }
        let when = urgency == .dueToday
            ? LocalizedText(kk: "бүгін", ru: "сегодня", en: "today")
            : LocalizedText(kk: "келесі жұмыс күні", ru: "в следующий рабочий день", en: "on the next working day")
        return [Checks.finding(.deadlineApproaching, f, due: due, message: Message.deadlineApproaching.text(["when": .init(when), "due": "\(due)"]),
            fromEvent: Checks.receiptText(f), deadline: deadline, happened: "open on \(f.asOfDay)")]
    }

    /// Cases 11, 12 and 13: every refusal states specific reasons — where the passport lists the grounds its rules
    /// allow, it names one of them, and only grounds the version in force on the receipt day allows (v1.1; a refusal
    /// for an incomplete package needs no listed ground) —, and where the rules require it the hearing is held
    /// before it, whatever the ground (docs/reference/check.md).
    static func refusals(_ f: Facts) -> [Finding] {
        var out: [Finding] = []
        for r in f.app.all(.refused) {
            let when = Checks.local(r.at, f)
            let reasons = (r.reasons ?? []).filter { !$0.allSatisfy(\.isWhitespace) }
            let listed = r.ground == .incompletePackage ? nil : f.passport.refusalGrounds
            let named = r.grounds ?? []
            if let listed {
                let allowed = Set(listed.map(\.id))
                let unfounded = named.filter { !allowed.contains($0) }
                if !unfounded.isEmpty {
                    let list = unfounded.joined(separator: ", ")
                    out.append(Checks.finding(.refusalUnfounded, f, message: Message.refusalUnfounded.text(["when": "\(when)", "received": "\(f.receiptDay)", "list": "\(list)"]),
                        happened: "refused on grounds \(list)"))
                }
            }
            if reasons.isEmpty || (listed != nil && named.isEmpty) {
                out.append(Checks.finding(.refusalWithoutReasons, f, message: (reasons.isEmpty ? Message.refusalWithoutReasons : Message.refusalNamesNoListedGround).text(["when": "\(when)"]),
                    happened: reasons.isEmpty ? "refused with no reasons" : "refused naming none of the passport's grounds"))
            }
            if f.passport.hearingRequired, !f.app.events.contains(where: { $0.kind == .hearingHeld && $0.at <= r.at }) {
                let notified = f.app.events.contains { $0.kind == .hearingNotified && $0.at <= r.at }
                out.append(Checks.finding(.refusalWithoutHearing, f, message: Message.refusalWithoutHearing.text(["when": "\(when)", "notice": .init(notified ? LocalizedText(kk: " (хабарлама жіберілген, бірақ тыңдау болмаған)", ru: " (уведомление направлено, но заслушивание не состоялось)", en: " (a notice was sent, but no hearing took place)") : LocalizedText(kk: "", ru: "", en: ""))]),
                    happened: "refused (\(r.ground?.rawValue ?? "no ground")) without a prior hearing_held"))
            }
        }
        return out
    }

    /// Case 15: only an official allowed to sign the service may sign, and not during an absence (`SigningRule`).
    static func unauthorizedSignature(_ f: Facts, _ ctx: CheckContext) throws(CheckError) -> [Finding] {
        var out: [Finding] = []
        for e in f.app.events where e.kind.isDecision {
            guard let who = e.signedBy, let official = ctx.officials[who] else { continue }
            let day = try Checks.day(e, f, ctx.calendar)
            let when = Checks.local(e.at, f)
            switch SigningRule.problem(official, service: f.app.service, day: day) {
            case .notAllowed?:
                out.append(Checks.finding(.unauthorizedSignature, f, actual: day, message: Message.signerNotAllowed.text(["when": "\(when)", "who": "\(who)"]),
                    happened: "\(e.kind.rawValue) signed by \(who)"))
            case .absent(_, let absence)?:
                out.append(Checks.finding(.unauthorizedSignature, f, actual: day, message: Message.signerAbsent.text(["when": "\(when)", "who": "\(who)", "from": "\(absence.from)", "to": "\(absence.to)"]),
                    happened: "\(e.kind.rawValue) signed by \(who) during an absence"))
            case .otherOrganization?, nil: break  // the engine's officials carry no organization
            }
        }
        return out
    }

    /// PS-RISK-2023 App.1 #17, #21: a complaint is answered within 5 working days of its registration.

    static func complaintTermBreach(_ f: Facts, _ ctx: CheckContext) throws(CheckError) -> [Finding] {
        var out: [Finding] = []
        for reg in f.app.all(.complaintRegistered) {
            let regDay = try Checks.day(reg, f, ctx.calendar)
            guard let complaintTerm = Parameters.complaintTerm(on: regDay) else { continue }
            let deadline = try Checks.wrap(reg) { () throws(CalendarError) in try complaintTerm.deadline(from: regDay, calendar: ctx.calendar, detailed: ctx.detailedTraces) }
            let answer = f.app.events.first { $0.kind == .complaintAnswered && $0.complaint == reg.complaint && $0.at >= reg.at }
            let id = reg.complaint ?? "—"
            if let answer {
                guard let (day, late) = try Checks.lateEvent(answer, due: deadline.due, f, ctx.calendar) else { continue }
                out.append(Checks.finding(.complaintTermBreach, f, due: deadline.due, actual: day, late: late, message: Message.complaintAnsweredLate.text(["id": "\(id)", "registered": "\(regDay)", "due": "\(deadline.due)", "actual": "\(day)", "late": "\(late)"]),
                    fromEvent: "complaint_registered \(Checks.local(reg.at, f))", deadline: deadline, happened: "complaint_answered \(Checks.local(answer.at, f))"))
            } else if f.asOfDay > deadline.due {
                let late = try Checks.wrap(nil) { () throws(CalendarError) in try ctx.calendar.workingDaysBetween(deadline.due, f.asOfDay) }
                out.append(Checks.finding(.complaintTermBreach, f, due: deadline.due, late: late, message: Message.complaintUnanswered.text(["id": "\(id)", "registered": "\(regDay)", "due": "\(deadline.due)", "asOf": "\(f.asOfDay)"]),
                    fromEvent: "complaint_registered \(Checks.local(reg.at, f))", deadline: deadline, happened: "no answer by asOf"))
            }
        }
        return out
    }
}
