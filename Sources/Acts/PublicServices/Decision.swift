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
            return [Checks.finding(.termBreach, f, due: due, actual: day, late: late, message: LocalizedText(
                kk: "\(what.kk) \(due) кешіктірмей (\(term.label.kk), \(f.receiptDay) бастап) берілуі тиіс еді, бірақ \(day) берілді: \(late) жұмыс күніне кешіктірілген.",
                ru: "\(what.ru) должен был быть выдан не позднее \(due) (\(term.label.ru) с \(f.receiptDay)), но выдан \(day): с опозданием на \(late) раб. дн.",
                en: "\(what.en) was due by \(due) (\(term.label.en) from \(f.receiptDay)) but was given on \(day): \(late) working day(s) late."),
                fromEvent: Checks.receiptText(f), deadline: deadline, happened: "\(decision.kind.rawValue) \(Checks.local(decision.at, f))")]
        }
        let overdue = dueInstant.map { ctx.asOf > $0 } ?? (f.asOfDay > due)
        if overdue {
            let late = try Checks.wrap(nil) { () throws(CalendarError) in try cal.workingDaysBetween(due, f.asOfDay) }
            return [Checks.finding(.termBreach, f, due: due, late: late, message: LocalizedText(
                kk: "Нәтиже \(due) кешіктірмей (\(term.label.kk)) берілуі тиіс еді, бірақ \(f.asOfDay) күнге дейін берілмеген: \(late) жұмыс күні өтті.",
                ru: "Результат должен был быть выдан не позднее \(due) (\(term.label.ru)), но на \(f.asOfDay) не выдан: просрочка \(late) раб. дн.",
                en: "The result was due by \(due) (\(term.label.en)) and is still not given on \(f.asOfDay): \(late) working day(s) overdue."),
                fromEvent: Checks.receiptText(f), deadline: deadline, happened: "no result or refusal by asOf")]
        }
        // Open and not yet late: warn when the due day is today or the next working day.
        let urgency = Urgency.of(due: due, overdue: false, today: f.asOfDay, calendar: cal)
        guard urgency == .dueToday || urgency == .dueNextWorkingDay else { return [] }
        let when = urgency == .dueToday
            ? LocalizedText(kk: "бүгін", ru: "сегодня", en: "today")
            : LocalizedText(kk: "келесі жұмыс күні", ru: "в следующий рабочий день", en: "on the next working day")
        return [Checks.finding(.deadlineApproaching, f, due: due, message: LocalizedText(
            kk: "Мерзім \(when.kk) аяқталады (\(due)): нәтиже әлі берілмеген.",
            ru: "Срок истекает \(when.ru) (\(due)): результат ещё не выдан.",
            en: "The term ends \(when.en) (\(due)); no result yet."),
            fromEvent: Checks.receiptText(f), deadline: deadline, happened: "open on \(f.asOfDay)")]
    }

    /// Cases 11, 12 and 13: every refusal states specific reasons — where the passport lists the grounds its rules
    /// allow, it names one of them, and only grounds the version in force on the receipt day allows (v1.1; a refusal
    /// for an incomplete package needs no listed ground) —, and where the rules require it the hearing is held
    /// before it, whatever the ground (contracts/check.md).
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
                    out.append(Checks.finding(.refusalUnfounded, f, message: LocalizedText(
                        kk: "\(when) берілген бас тарту қызмет қағидаларының \(f.receiptDay) күні қолданыста болған нұсқасында жоқ негізге сүйенген: \(list).",
                        ru: "Отказ, выданный \(when), опирается на основание, которого нет в редакции правил услуги, действовавшей на \(f.receiptDay): \(list).",
                        en: "The refusal of \(when) rests on a ground the service's rules in force on \(f.receiptDay) do not allow: \(list)."),
                        happened: "refused on grounds \(list)"))
                }
            }
            if reasons.isEmpty || (listed != nil && named.isEmpty) {
                out.append(Checks.finding(.refusalWithoutReasons, f, message: LocalizedText(
                    kk: reasons.isEmpty ? "\(when) берілген бас тартуда нақты негіздер көрсетілмеген."
                        : "\(when) берілген бас тарту қызмет қағидаларында көзделген негіздердің бірде-бірін атамаған.",
                    ru: reasons.isEmpty ? "В отказе, выданном \(when), не указаны конкретные основания."
                        : "Отказ, выданный \(when), не называет ни одного из оснований, предусмотренных правилами услуги.",
                    en: reasons.isEmpty ? "The refusal of \(when) states no specific reasons."
                        : "The refusal of \(when) names none of the grounds the service's rules allow."),
                    happened: reasons.isEmpty ? "refused with no reasons" : "refused naming none of the passport's grounds"))
            }
            if f.passport.hearingRequired, !f.app.events.contains(where: { $0.kind == .hearingHeld && $0.at <= r.at }) {
                let notified = f.app.events.contains { $0.kind == .hearingNotified && $0.at <= r.at }
                out.append(Checks.finding(.refusalWithoutHearing, f, message: LocalizedText(
                    kk: "\(when) бас тартудан бұрын тыңдау рәсімі өткізілмеген\(notified ? " (хабарлама жіберілген, бірақ тыңдау болмаған)" : "").",
                    ru: "Перед отказом, выданным \(when), процедура заслушивания не проведена\(notified ? " (уведомление направлено, но заслушивание не состоялось)" : "").",
                    en: "No hearing was held before the refusal of \(when)\(notified ? " (a notice was sent, but no hearing took place)" : "")."),
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
                out.append(Checks.finding(.unauthorizedSignature, f, actual: day, message: LocalizedText(
                    kk: "\(when) құжатқа \(who) қол қойған, бірақ оның бұл қызметке қол қою өкілеттігі жоқ.",
                    ru: "\(when) документ подписан \(who), не уполномоченным подписывать по этой услуге.",
                    en: "Signed at \(when) by \(who), who is not authorized to sign for this service."),
                    happened: "\(e.kind.rawValue) signed by \(who)"))
            case .absent(_, let absence)?:
                out.append(Checks.finding(.unauthorizedSignature, f, actual: day, message: LocalizedText(
                    kk: "\(when) құжатқа \(who) атынан қол қойылған, ал ол \(absence.from)–\(absence.to) аралығында жұмыста болмаған.",
                    ru: "\(when) документ подписан от имени \(who), отсутствовавшего с \(absence.from) по \(absence.to).",
                    en: "Signed at \(when) in the name of \(who), who was absent from \(absence.from) to \(absence.to)."),
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
                out.append(Checks.finding(.complaintTermBreach, f, due: deadline.due, actual: day, late: late, message: LocalizedText(
                    kk: "\(id) шағымы \(regDay) тіркелген, жауап \(deadline.due) кешіктірмей берілуі тиіс еді, бірақ \(day) берілді: \(late) жұмыс күніне кешіктірілген.",
                    ru: "Жалоба \(id) зарегистрирована \(regDay), ответ должен был быть дан не позднее \(deadline.due), но дан \(day): с опозданием на \(late) раб. дн.",
                    en: "Complaint \(id), registered on \(regDay), was due an answer by \(deadline.due) but was answered on \(day): \(late) working day(s) late."),
                    fromEvent: "complaint_registered \(Checks.local(reg.at, f))", deadline: deadline, happened: "complaint_answered \(Checks.local(answer.at, f))"))
            } else if f.asOfDay > deadline.due {
                let late = try Checks.wrap(nil) { () throws(CalendarError) in try ctx.calendar.workingDaysBetween(deadline.due, f.asOfDay) }
                out.append(Checks.finding(.complaintTermBreach, f, due: deadline.due, late: late, message: LocalizedText(
                    kk: "\(id) шағымы \(regDay) тіркелген, жауап \(deadline.due) кешіктірмей берілуі тиіс еді, бірақ \(f.asOfDay) күнге дейін берілмеген.",
                    ru: "Жалоба \(id) зарегистрирована \(regDay), ответ должен был быть дан не позднее \(deadline.due), но на \(f.asOfDay) не дан.",
                    en: "Complaint \(id), registered on \(regDay), was due an answer by \(deadline.due) and is still unanswered on \(f.asOfDay)."),
                    fromEvent: "complaint_registered \(Checks.local(reg.at, f))", deadline: deadline, happened: "no answer by asOf"))
            }
        }
        return out
    }
}
