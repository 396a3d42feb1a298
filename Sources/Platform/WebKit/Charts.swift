/// Charts drawn on the server as SVG: no script, prints as it shows, and each has a title and a text
/// description for screen readers (`role="img"`, `<title>`, `<desc>`), with its figures as labels on the bars.
public enum Charts {
    public struct Bar: Sendable {
        public var label: String; public var value: Int; public var highlight: Bool
        public init(label: String, value: Int, highlight: Bool = false) { self.label = label; self.value = value; self.highlight = highlight }
    }

    /// Vertical bars (e.g. findings per month).
    public static func columns(_ bars: [Bar], title: String, description: String, width: Int = 720, height: Int = 256) -> String {
        let top = 24, bottom = 64, left = 36, right = 8
        let plotH = height - top - bottom, plotW = width - left - right
        // The scale: the highest bar rounded up to a multiple of 4, so that each quarter's gridline is a whole number and
        // its label says exactly where it is drawn.
        let maxValue = (max(1, bars.map(\.value).max() ?? 1) + 3) / 4 * 4
        let step = bars.isEmpty ? 0 : Double(plotW) / Double(bars.count)
        let barW = max(2, step * 0.7)
        // A slanted label needs about 56 units across: with many bars every k-th is labelled (the last always), the
        // others keep theirs in the bar's tooltip — labels never overlap.
        let every = max(1, Int((Double(bars.count) * 56 / Double(max(1, plotW))).rounded(.up)))
        var svg = open(width, height, title, description)
        for q in 0...4 {
            let v = maxValue * q / 4, y = Double(top + plotH) - Double(plotH) * Double(q) / 4
            svg += "<line x1=\"\(left)\" y1=\"\(fmt(y))\" x2=\"\(width - right)\" y2=\"\(fmt(y))\" class=\"grid\"/>"
            svg += "<text x=\"\(left - 4)\" y=\"\(fmt(y + 4))\" class=\"axis\" text-anchor=\"end\">\(v)</text>"
        }
        for (i, b) in bars.enumerated() {
            let h = Double(plotH) * Double(b.value) / Double(maxValue)
            let x = Double(left) + step * Double(i) + (step - barW) / 2
            let y = Double(top + plotH) - h
            svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(barW))\" height=\"\(fmt(h))\" class=\"\(b.highlight ? "bar hi" : "bar")\"><title>\(esc(b.label)): \(b.value)</title></rect>"
            if b.value > 0 { svg += "<text x=\"\(fmt(x + barW / 2))\" y=\"\(fmt(y - 3))\" class=\"val\" text-anchor=\"middle\">\(b.value)</text>" }
            if (bars.count - 1 - i) % every == 0 {
                svg += "<text x=\"\(fmt(x + barW / 2))\" y=\"\(top + plotH + 14)\" class=\"axis\" text-anchor=\"end\" transform=\"rotate(-40 \(fmt(x + barW / 2)) \(top + plotH + 14))\">\(esc(b.label))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// Horizontal bars with long labels (e.g. findings per code).
    public static func rows(_ bars: [Bar], title: String, description: String, width: Int = 720) -> String {
        let lineH = 13, top = 8, labelW = 300, right = 48
        // A label longer than its column wraps onto a second line at a word (the rest, if any, ends in "…"; the
        // bar's tooltip has it whole), so the longest label is never cut at the chart's edge.
        let labels = bars.map { wrap($0.label, columns: 38, lines: 2) }
        let heights = labels.map { 10 + lineH * $0.count }
        let height = top * 2 + max(22, heights.reduce(0, +))
        let maxValue = max(1, bars.map(\.value).max() ?? 1)
        let plotW = width - labelW - right
        var svg = open(width, height, title, description)
        var y = top
        for (i, b) in bars.enumerated() {
            let rowH = heights[i]
            let w = Double(plotW) * Double(b.value) / Double(maxValue)
            let first = y + rowH / 2 + 4 - (labels[i].count - 1) * lineH / 2
            svg += "<text x=\"\(labelW - 6)\" y=\"\(first)\" class=\"axis\" text-anchor=\"end\">"
                + labels[i].enumerated().map { k, line in "<tspan x=\"\(labelW - 6)\" dy=\"\(k == 0 ? 0 : lineH)\">\(esc(line))</tspan>" }.joined()
                + "</text>"
            svg += "<rect x=\"\(labelW)\" y=\"\(y + rowH / 2 - 8)\" width=\"\(fmt(w))\" height=\"16\" class=\"\(b.highlight ? "bar hi" : "bar")\"><title>\(esc(b.label)): \(b.value)</title></rect>"
            svg += "<text x=\"\(fmt(Double(labelW) + w + 4))\" y=\"\(y + rowH / 2 + 4)\" class=\"val\">\(b.value)</text>"
            y += rowH
        }
        return svg + "</svg>"
    }

    /// `text` in at most `lines` lines of at most `columns` characters, broken at spaces; what does not fit ends in "…".
    static func wrap(_ text: String, columns: Int, lines: Int) -> [String] {
        var out: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty { line = String(word) } else if line.count + 1 + word.count <= columns { line += " " + word } else { out.append(line); line = String(word) }
        }
        if !line.isEmpty || out.isEmpty { out.append(line) }
        out = out.map { $0.count > columns ? String($0.prefix(columns - 1)) + "…" : $0 }
        guard out.count > lines else { return out }
        var kept = Array(out.prefix(lines))
        kept[lines - 1] = String(kept[lines - 1].prefix(columns - 1)) + "…"
        return kept
    }

    /// A percentage against a target, per period (e.g. a share of acts found illegal by year, and the year's target).
    public struct Share: Sendable {
        public var label: String
        /// The share, nil when there is none (nothing to divide); its text as the page writes it.
        public var value: Double?, valueText: String
        public var target: Double?, targetText: String
        /// Drawn in the alarm colour (e.g. above its target).
        public var highlight: Bool
        public init(label: String, value: Double?, valueText: String, target: Double?, targetText: String, highlight: Bool = false) {
            self.label = label; self.value = value; self.valueText = valueText; self.target = target; self.targetText = targetText; self.highlight = highlight
        }
    }

    /// Bars of a percentage with each period's target as a dashed mark across its bar, and a legend naming both.
    public static func shares(_ items: [Share], title: String, description: String, valueLegend: String, targetLegend: String,
                              width: Int = 720, height: Int = 260) -> String {
        let top = 44, bottom = 28, left = 40, right = 8
        let plotH = height - top - bottom, plotW = width - left - right
        let highest = items.flatMap { [$0.value, $0.target].compactMap { $0 } }.max() ?? 0
        let scale = min(100, max(20, (Int(highest.rounded(.up)) + 19) / 20 * 20))  // quarters of it whole: 5, 10, 15…
        let step = items.isEmpty ? 0 : Double(plotW) / Double(items.count)
        let barW = min(80, max(2, step * 0.5))
        func y(_ v: Double) -> Double { Double(top + plotH) - Double(plotH) * min(v, Double(scale)) / Double(scale) }
        var svg = open(width, height, title, description)
        svg += "<rect x=\"\(left)\" y=\"8\" width=\"12\" height=\"12\" class=\"bar\"/><text x=\"\(left + 16)\" y=\"18\" class=\"axis\">\(esc(valueLegend))</text>"
        svg += "<line x1=\"\(left + 260)\" y1=\"14\" x2=\"\(left + 284)\" y2=\"14\" class=\"target\"/><text x=\"\(left + 290)\" y=\"18\" class=\"axis\">\(esc(targetLegend))</text>"
        for q in 0...4 {
            let v = scale * q / 4, gy = top + plotH - plotH * q / 4
            svg += "<line x1=\"\(left)\" y1=\"\(gy)\" x2=\"\(width - right)\" y2=\"\(gy)\" class=\"grid\"/>"
            svg += "<text x=\"\(left - 4)\" y=\"\(gy + 4)\" class=\"axis\" text-anchor=\"end\">\(v)%</text>"
        }
        for (i, s) in items.enumerated() {
            let x = Double(left) + step * Double(i) + (step - barW) / 2, mid = x + barW / 2
            if let v = s.value {
                svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y(v)))\" width=\"\(fmt(barW))\" height=\"\(fmt(Double(top + plotH) - y(v)))\" class=\"\(s.highlight ? "bar hi" : "bar")\">"
                    + "<title>\(esc(s.label)): \(esc(s.valueText))</title></rect>"
            }
            svg += "<text x=\"\(fmt(mid))\" y=\"\(fmt(y(s.value ?? 0) - 4))\" class=\"val\" text-anchor=\"middle\">\(esc(s.valueText))</text>"
            if let t = s.target {
                svg += "<line x1=\"\(fmt(x - step * 0.15))\" y1=\"\(fmt(y(t)))\" x2=\"\(fmt(x + barW + step * 0.15))\" y2=\"\(fmt(y(t)))\" class=\"target\"><title>\(esc(targetLegend)): \(esc(s.targetText))</title></line>"
                svg += "<text x=\"\(fmt(x + barW + step * 0.15 + 3))\" y=\"\(fmt(y(t) + 4))\" class=\"axis\">\(esc(s.targetText))</text>"
            }
            svg += "<text x=\"\(fmt(mid))\" y=\"\(top + plotH + 16)\" class=\"axis\" text-anchor=\"middle\">\(esc(s.label))</text>"
        }
        return svg + "</svg>"
    }

    private static func open(_ w: Int, _ h: Int, _ title: String, _ description: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(w) \(h)\" width=\"100%\" role=\"img\" aria-label=\"\(esc(title))\">"
            + "<title>\(esc(title))</title><desc>\(esc(description))</desc>"
            // A declared background under every label, so the text's contrast is defined (and checked in the
            // tests against the stylesheet's colours): white, as the page.
            + "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>"
    }

    static func fmt(_ v: Double) -> String { String(Double(Int(v * 10)) / 10) }

    static func esc(_ s: String) -> String { Markup.escape(s) }
}
