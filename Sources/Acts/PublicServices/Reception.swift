import LegalCore
import WorkCalendar

/// Stage I — reception and registration (PS-VIOLATIONS-2025 Stage I, cases 1–5).
enum Reception {
    /// Case 3: an electronic application that never reached the provider's system. Not the provider's
    /// violation, but the applicant's rights were affected: shown so that access to re-apply can be given.
    static func routingFailure(_ app: Application, passport: ServicePassport) -> [Finding] {
        guard app.channel == .electronic, let s = app.first(.submitted) else { return [] }
        let sent = s.at.iso(offsetSeconds: 0)
        return [Checks.finding(.routingFailure, subject: app.id, message: Message.routingFailure.text(["sent": "\(sent)"]),
            happened: "submitted \(sent); no received or later provider event")]
    }

    /// Case 1 (and 2): an application must be registered on the day it is received («түскен күні тіркелуі тиіс»);
    /// case 4 («өтінішті тіркемеген»): one never registered by `asOf` is late from the receipt day to `asOf`'s
    /// local date (docs/reference/check.md v1.1).
    static func lateRegistration(_ f: Facts, _ ctx: CheckContext) throws(CheckError) -> [Finding] {
        guard let reg = f.registered else {
            guard f.asOfDay > f.receiptDay else { return [] }
            let late = try Checks.wrap(nil) { () throws(CalendarError) in try ctx.calendar.workingDaysBetween(f.receiptDay, f.asOfDay) }
            return [Checks.finding(.lateRegistration, f, due: f.receiptDay, late: late, message: Message.neverRegistered.text(["received": "\(f.receiptDay)", "asOf": "\(f.asOfDay)", "late": "\(late)"]),
                fromEvent: Checks.receiptText(f), happened: "no registered event by \(f.asOfDay)")]
        }
        guard let (regDay, late) = try Checks.lateEvent(reg, due: f.receiptDay, f, ctx.calendar) else { return [] }
        return [Checks.finding(.lateRegistration, f, due: f.receiptDay, actual: regDay, late: late, message: Message.lateRegistration.text(["received": "\(f.receiptDay)", "registered": "\(regDay)", "late": "\(late)"]),
            fromEvent: Checks.receiptText(f), happened: "registered \(Checks.local(reg.at, f))")]
    }

    /// Case 4: every paper application's stage data must reach the monitoring information system.
    static func notRecordedInMonitoring(_ f: Facts) -> [Finding] {
        guard f.app.channel == .paper, f.app.first(.monitoringRecorded) == nil else { return [] }
        return [Checks.finding(.notRecordedInMonitoring, f, message: Message.notRecordedInMonitoring.text(["received": "\(f.receiptDay)"]),
            fromEvent: Checks.receiptText(f), happened: "no monitoring_recorded event")]
    }

    /// Cases 5 and 7: documents the rules do not require, or that the provider must get from information
    /// systems, may not be demanded. Reception stage when demanded before registration, else review.
    static func documentsDemanded(_ f: Facts) -> [Finding] {
        var out: [Finding] = []
        let required = Set(f.passport.requiredDocuments), fromSystems = Set(f.passport.obtainedFromSystems)
        for e in f.app.all(.documentsRequested) {
            let docs = e.documents ?? []
            let stage: FindingCode.Stage = (f.registered.map { e.at < $0.at } ?? true) ? .reception : .review
            let systemDocs = docs.filter { fromSystems.contains($0) }
            let excess = docs.filter { !fromSystems.contains($0) && !required.contains($0) }
            let when = Checks.local(e.at, f)
            if !systemDocs.isEmpty {
                let list = systemDocs.joined(separator: ", ")
                out.append(Checks.finding(.documentsFromSystemsDemanded, f, stage: stage, message: Message.documentsFromSystemsDemanded.text(["when": "\(when)", "list": "\(list)"]),
                    happened: "documents_requested \(list)"))
            }
            if !excess.isEmpty {
                let list = excess.joined(separator: ", ")
                out.append(Checks.finding(.excessDocuments, f, stage: stage, message: Message.excessDocuments.text(["when": "\(when)", "list": "\(list)"]),
                    happened: "documents_requested \(list)"))
            }
        }
        return out
    }

    /// PS-RISK-2023 App.1 #9: no payment for a free service.
    static func paymentForFreeService(_ f: Facts) -> [Finding] {
        guard f.passport.free else { return [] }
        return f.app.all(.paymentDemanded).map { e in
            let when = Checks.local(e.at, f), amount = e.amount.map { " (\($0) ₸)" } ?? ""
            let stage: FindingCode.Stage = (f.registered.map { e.at < $0.at } ?? true) ? .reception : .review
            return Checks.finding(.paymentForFreeService, f, stage: stage, message: Message.paymentForFreeService.text(["when": "\(when)", "amount": "\(amount)"]),
                happened: "payment_demanded\(amount)")
        }
    }
}

