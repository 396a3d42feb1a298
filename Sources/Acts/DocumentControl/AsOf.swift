import LegalCore

extension DocumentsInput {
    /// The register as it stood at `instant` (its local `day` for the dates): items that had arrived or been received by
    /// then, each with only the events dated by then — the as-of view of a register kept current, so that a page can
    /// show any past morning of a body's work. `asOf` becomes `instant`.
    public func known(at instant: Instant, day: LocalDate) -> DocumentsInput {
        func by(_ d: LocalDate?) -> LocalDate? { d.flatMap { $0 <= day ? $0 : nil } }
        func by(_ i: Instant?) -> Instant? { i.flatMap { $0 <= instant ? $0 : nil } }
        var out = DocumentsInput(asOf: instant)
        out.schedule = schedule
        out.recorded = recorded
        out.incoming = incoming.filter { $0.arrivedAt <= instant }.map { l in
            var l = l
            l.returnedAt = by(l.returnedAt); l.registeredAt = by(l.registeredAt); l.deliveredAt = by(l.deliveredAt)
            l.reviewedAt = by(l.reviewedAt); l.answeredAt = by(l.answeredAt)
            return l
        }
        out.outgoing = outgoing.filter { $0.signedOn <= day }
        out.controlled = controlled.filter { $0.receivedOn <= day }.map { c in
            var c = c
            c.extensions = c.extensions.filter { $0.grantedOn <= day }
            c.planApprovedOn = by(c.planApprovedOn); c.toLeadershipOn = by(c.toLeadershipOn)
            c.toFirstHeadOn = by(c.toFirstHeadOn); c.executedOn = by(c.executedOn)
            return c
        }
        out.drafts = drafts.filter { $0.receivedOn <= day }.map { d in
            var d = d
            if let r = d.urgentInstruction?.receivedOn, r > day { d.urgentInstruction?.receivedOn = nil }
            d.proposalOn = by(d.proposalOn)
            if let c = d.conclusion, c.on > day { d.conclusion = nil }
            d.visasOn = by(d.visasOn); d.returnedOn = by(d.returnedOn)
            if let r = d.revised, r.on > day { d.revised = nil }
            d.remarksOn = by(d.remarksOn)
            if let m = d.meeting {
                if m.on > day { d.meeting = nil } else { d.meeting?.revisedOn = by(m.revisedOn) }
            }
            d.agreedOn = by(d.agreedOn)
            return d
        }
        out.plans = plans.map { p in var p = p; p.draftedOn = by(p.draftedOn); p.approvedOn = by(p.approvedOn); return p }
        if var c = collegium {
            c.meetings = c.meetings.filter { $0.on <= day }
            out.collegium = c
        }
        if var m = monitoring {
            m.summaries = m.summaries.filter { $0.on <= day }
            out.monitoring = m
        }
        if var s = controlService {
            s.weeklyLists = s.weeklyLists.filter { $0 <= day }
            out.controlService = s
        }
        return out
    }
}
