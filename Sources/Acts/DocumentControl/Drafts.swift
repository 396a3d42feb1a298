import LegalCore

/// Section 6 of the decree, the approval of draft legal acts: §21 the legal service agrees every draft, §22 visas in 2
/// working days after a conclusion without remarks, §23 the developer's 10 working days and the remarks in 2, §25 the
/// agreement in 3 working days after a conciliation meeting, §26 proposals on an urgent instruction. Drafts under
/// Presidential Decree No. 413 follow that decree's terms: no §22, §23, §25 findings (a reading of §23's «осы Жарлықта
/// көрсетілген мерзімдер қолданылады»); §26 stays judged.
enum Drafts {
    static func terms(_ d: Draft, _ ctx: Context) throws(DocumentsError) -> [DatedTerm] {
        var out: [DatedTerm] = []
        if !d.underDecree413 {
            if let c = d.conclusion, !c.remarks {
                out.append(DatedTerm(.visasLate, term: .workingDays(2), from: c.on, due: try ctx.workingDays(2, after: c.on), done: d.visasOn, field: "visasOn"))
            }
            if let returned = d.returnedOn {
                let revisionDue = try ctx.workingDays(10, after: returned)
                out.append(DatedTerm(.revisionTermMissed, term: .workingDays(10), from: returned, due: revisionDue, done: d.revised?.on, field: "revised"))
                // The remarks: 2 working days from R when R passed with no revision by it, or from a partial revision
                // made by R (the act names no start: a reading).
                if let revised = d.revised, revised.on <= revisionDue {
                    if !revised.complete {
                        out.append(DatedTerm(.remarksLate, term: .workingDays(2), from: revised.on, due: try ctx.workingDays(2, after: revised.on), done: d.remarksOn, field: "remarksOn"))
                    }
                } else if d.revised != nil || ctx.asOfDate > revisionDue {
                    out.append(DatedTerm(.remarksLate, term: .workingDays(2), from: revisionDue, due: try ctx.workingDays(2, after: revisionDue), done: d.remarksOn, field: "remarksOn"))
                }
            }
            // §25: the three days cover the developer's revision and the agreement together; a revision itself after them
            // is the developer's delay (severity none, a reading).
            if let m = d.meeting, m.agreed {
                let due = try ctx.workingDays(3, after: m.on)
                out.append(DatedTerm(.postMeetingLate, term: .workingDays(3), from: m.on, due: due, done: d.agreedOn,
                                     severity: m.revisedOn.map { $0 > due } == true ? Severity.none : nil, field: "agreedOn"))
            }
        }
        // §26: proposals by the instruction's own date; else, for an instruction whose term is under 5 days (read for
        // «кемінде 5 күн»), within 1 working day of its receipt; otherwise at least 3 days before its deadline (never moved).
        if let ui = d.urgentInstruction {
            let received = ui.receivedOn ?? d.receivedOn
            if let set = ui.proposalDue {
                out.append(DatedTerm(.urgentProposalLate, due: set, done: d.proposalOn, field: "proposalOn"))
            } else if received.days(until: ui.deadline) < 5 {
                out.append(DatedTerm(.urgentProposalLate, term: .workingDays(1), from: received, due: try ctx.workingDays(1, after: received), done: d.proposalOn, field: "proposalOn"))
            } else {
                out.append(DatedTerm(.urgentProposalLate, due: ui.deadline.adding(days: -3), done: d.proposalOn, field: "proposalOn"))
            }
        }
        return out
    }

    static func judge(_ d: Draft, _ ctx: inout Context) throws(DocumentsError) {
        let r = d.receivedOn
        for t in try terms(d, ctx) where ctx.applies(t.code.places[0], .drafts, d.id, r) {
            ctx.term(t.code, .drafts, d.id, relevant: r, due: t.due, done: t.done, severity: t.severity, entry: t.field.map { RecordKey.field(d.id, $0) })
        }
        // §21: every draft goes through the legal service.
        if let agreed = d.agreedOn, !d.legalServiceAgreed, ctx.applies("§21", .drafts, d.id, r) {
            ctx.broken(.legalServiceSkipped, .drafts, d.id, relevant: r, Texts.agreedWithout(agreed)) { $0.actual = agreed }
        }
    }
}
