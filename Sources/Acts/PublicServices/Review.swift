import LegalCore
import WorkCalendar

/// Stage II — consideration (PS-VIOLATIONS-2025 Stage II, cases 6–10).
enum Review {
    /// Case 10: where the package is incomplete, the rules give a term (often 2 working days) to refuse to
    /// consider the application, so the applicant can re-apply in time.
    static func refusalTermBreach(_ f: Facts, _ ctx: CheckContext) throws(CheckError) -> [Finding] {
        guard let term = f.passport.refusalTerm,
              let refusal = f.app.events.first(where: { $0.kind == .refused && $0.ground == .incompletePackage }) else { return [] }
        let deadline = try Checks.wrap(refusal) { () throws(CalendarError) in try term.deadline(from: f.receiptDay, calendar: ctx.calendar, detailed: ctx.detailedTraces) }
        guard let (day, late) = try Checks.lateEvent(refusal, due: deadline.due, f, ctx.calendar) else { return [] }
        return [Checks.finding(.refusalTermBreach, f, due: deadline.due, actual: day, late: late, message: Message.refusalTermBreach.text(["due": "\(deadline.due)", "term": .init(term.label), "actual": "\(day)", "late": "\(late)"]),
            fromEvent: Checks.receiptText(f), deadline: deadline, happened: "refused (incomplete_package) \(Checks.local(refusal.at, f))")]
    }

    /// Case 8: a result given while a required document is missing.
    static func incompletePackageServed(_ f: Facts) -> [Finding] {
        guard let result = f.app.first(.resultIssued) else { return [] }
        let file: Set<String>
        if let docs = result.documents {
            file = Set(docs)
        } else {
            var s = Set(f.app.first(.submitted)?.documents ?? [])
            for e in f.app.all(.documentsAdded) where e.at <= result.at { s.formUnion(e.documents ?? []) }
            file = s
        }
        let fromSystems = Set(f.passport.obtainedFromSystems)
        let missing = f.passport.requiredDocuments.filter { !file.contains($0) && !fromSystems.contains($0) }
        guard !missing.isEmpty else { return [] }
        let list = missing.joined(separator: ", ")
        return [Checks.finding(.incompletePackageServed, f, message: Message.incompletePackageServed.text(["when": "\(Checks.local(result.at, f))", "list": "\(list)"]),
            happened: "result_issued with file [\(file.sorted().joined(separator: ", "))]")]
    }

    /// Case 6: a queue service decided for an applicant while one ahead in the queue still waited.
    static func outOfQueue(_ f: Facts, _ ctx: CheckContext) -> [Finding] {
        guard f.passport.queue, let position = f.app.queuePosition, let result = f.app.first(.resultIssued) else { return [] }
        let ahead = ctx.queue.waitingAhead(provider: f.app.provider, service: f.app.service, position: position, at: result.at)
        guard !ahead.isEmpty else { return [] }
        let list = ahead.prefix(10).map { "#\($0.position) (\($0.id))" }.joined(separator: ", ") + (ahead.count > 10 ? ", …" : "")
        return [Checks.finding(.outOfQueue, f, message: Message.outOfQueue.text(["position": "\(position)", "when": "\(Checks.local(result.at, f))", "count": "\(ahead.count)", "list": "\(list)"]),
            happened: "result_issued to position \(position)")]
    }
}
