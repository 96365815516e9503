//! A force-directed layout computed ahead, in Rust, for the interactive page: the browser's own
//! (Cytoscape's cose) took seconds at 500 relations and half a minute at 1,500, during which the
//! page showed nothing. Here a few thousand nodes take a fraction of a second, and the page
//! opens with its nodes in place.
//!
//! Fruchterman-Reingold per connected component: edges pull (d²/k), nodes repel (k²/d) within
//! two ideal lengths (a grid finds the near ones, so a step is linear in the nodes), a weak
//! pull towards the centre keeps a component round, and the steps shrink as it cools. The
//! components are then packed in rows, largest first. Deterministic: no randomness, and forces
//! are summed in a fixed order, so the same graph gives the same positions.

use std::collections::HashMap;

/// The ideal distance between neighbours in a large graph, in the page's coordinates (a node
/// is 40 wide); small graphs get up to twice as much, room for their names, which the page
/// shows from the start.
const K: f64 = 70.0;

fn ideal_length(n: usize) -> f64 {
    (150.0 - (n as f64).sqrt() * 2.5).clamp(K, 2.0 * K)
}

/// Positions `[x, y]` of `n` nodes joined by `edges` (pairs of node indexes; direction, loops
/// and repeats do not matter).
pub fn force_layout(n: usize, edges: &[(usize, usize)]) -> Vec<[f64; 2]> {
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        if a != b && a < n && b < n {
            adj[a].push(b);
            adj[b].push(a);
        }
    }
    for l in &mut adj {
        l.sort_unstable();
        l.dedup();
    }
    // Components, each in breadth-first order from its best connected node, so that
    // neighbours start near each other on the spiral.
    let mut comp = vec![usize::MAX; n];
    let mut by_degree: Vec<usize> = (0..n).collect();
    by_degree.sort_by_key(|&i| (std::cmp::Reverse(adj[i].len()), i));
    let mut components: Vec<Vec<usize>> = Vec::new();
    for &start in &by_degree {
        if comp[start] != usize::MAX {
            continue;
        }
        let id = components.len();
        let mut order = vec![start];
        comp[start] = id;
        let mut head = 0;
        while head < order.len() {
            let v = order[head];
            head += 1;
            for &w in &adj[v] {
                if comp[w] == usize::MAX {
                    comp[w] = id;
                    order.push(w);
                }
            }
        }
        components.push(order);
    }
    let k = ideal_length(n);
    let laid: Vec<(Vec<usize>, Vec<[f64; 2]>)> = components
        .into_iter()
        .map(|nodes| {
            let pos = component_layout(&nodes, &adj, k);
            (nodes, pos)
        })
        .collect();
    pack(n, laid, k)
}

/// Lays out one component; positions are in the order of `nodes`, centred on 0.
fn component_layout(nodes: &[usize], adj: &[Vec<usize>], k: f64) -> Vec<[f64; 2]> {
    let m = nodes.len();
    if m == 1 {
        return vec![[0.0, 0.0]];
    }
    let local: HashMap<usize, usize> = nodes.iter().enumerate().map(|(i, &v)| (v, i)).collect();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for (i, &v) in nodes.iter().enumerate() {
        for w in &adj[v] {
            let j = local[w];
            if i < j {
                edges.push((i, j));
            }
        }
    }
    // A sunflower spiral: even density, no two nodes on the same spot.
    let mut pos: Vec<[f64; 2]> = (0..m)
        .map(|i| {
            let r = k * 0.7 * (i as f64).sqrt();
            let a = i as f64 * 2.399_963_229_728_653;
            [r * a.cos(), r * a.sin()]
        })
        .collect();
    let iterations = 220;
    let t0 = k * (m as f64).sqrt() / 3.0;
    let cell = 2.0 * k;
    let key = |p: [f64; 2]| ((p[0] / cell).floor() as i64, (p[1] / cell).floor() as i64);
    let mut disp = vec![[0.0f64; 2]; m];
    for it in 0..iterations {
        let t = t0 * (1.0 - it as f64 / iterations as f64) + k * 0.02;
        let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (i, p) in pos.iter().enumerate() {
            grid.entry(key(*p)).or_default().push(i);
        }
        for d in disp.iter_mut() {
            *d = [0.0, 0.0];
        }
        for i in 0..m {
            let (cx, cy) = key(pos[i]);
            for dx in -1..=1 {
                for dy in -1..=1 {
                    let Some(cellmates) = grid.get(&(cx + dx, cy + dy)) else {
                        continue;
                    };
                    for &j in cellmates {
                        if j == i {
                            continue;
                        }
                        let mut vx = pos[i][0] - pos[j][0];
                        let mut vy = pos[i][1] - pos[j][1];
                        let mut d2 = vx * vx + vy * vy;
                        if d2 < 1e-6 {
                            // Two nodes on one spot: part them along a direction of their own.
                            let a = (i * 31 + j * 17) as f64;
                            vx = a.cos();
                            vy = a.sin();
                            d2 = 1e-2;
                        }
                        if d2 > cell * cell {
                            continue;
                        }
                        let d = d2.sqrt();
                        let f = k * k / d;
                        disp[i][0] += vx / d * f;
                        disp[i][1] += vy / d * f;
                    }
                }
            }
        }
        for &(a, b) in &edges {
            let vx = pos[a][0] - pos[b][0];
            let vy = pos[a][1] - pos[b][1];
            let d = (vx * vx + vy * vy).sqrt().max(1e-3);
            let f = d * d / k;
            disp[a][0] -= vx / d * f;
            disp[a][1] -= vy / d * f;
            disp[b][0] += vx / d * f;
            disp[b][1] += vy / d * f;
        }
        for i in 0..m {
            let gravity = 0.03;
            disp[i][0] -= pos[i][0] * gravity;
            disp[i][1] -= pos[i][1] * gravity;
            let len = (disp[i][0] * disp[i][0] + disp[i][1] * disp[i][1]).sqrt();
            if len > 0.0 {
                let step = len.min(t);
                pos[i][0] += disp[i][0] / len * step;
                pos[i][1] += disp[i][1] / len * step;
            }
        }
    }
    let cx = pos.iter().map(|p| p[0]).sum::<f64>() / m as f64;
    let cy = pos.iter().map(|p| p[1]).sum::<f64>() / m as f64;
    pos.iter().map(|p| [p[0] - cx, p[1] - cy]).collect()
}

/// Places components in rows (largest first) about as wide as the whole is tall.
fn pack(n: usize, laid: Vec<(Vec<usize>, Vec<[f64; 2]>)>, k: f64) -> Vec<[f64; 2]> {
    let gap = k;
    let boxes: Vec<(f64, f64, f64, f64)> = laid
        .iter()
        .map(|(_, pos)| {
            let (mut x1, mut y1, mut x2, mut y2) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for p in pos {
                x1 = x1.min(p[0]);
                y1 = y1.min(p[1]);
                x2 = x2.max(p[0]);
                y2 = y2.max(p[1]);
            }
            (x1, y1, x2 - x1 + gap, y2 - y1 + gap)
        })
        .collect();
    let area: f64 = boxes.iter().map(|b| b.2 * b.3).sum();
    let widest = boxes.iter().map(|b| b.2).fold(0.0, f64::max);
    // A little wider than square: screens are.
    let row_width = (area.sqrt() * 1.3).max(widest);
    let mut out = vec![[0.0, 0.0]; n];
    let (mut x, mut y, mut row_h) = (0.0, 0.0, 0.0f64);
    for ((nodes, pos), b) in laid.iter().zip(&boxes) {
        if x > 0.0 && x + b.2 > row_width {
            x = 0.0;
            y += row_h;
            row_h = 0.0;
        }
        for (v, p) in nodes.iter().zip(pos) {
            out[*v] = [
                ((x + p[0] - b.0) * 10.0).round() / 10.0,
                ((y + p[1] - b.1) * 10.0).round() / 10.0,
            ];
        }
        x += b.2;
        row_h = row_h.max(b.3);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
    }

    #[test]
    fn neighbours_end_near_and_nodes_apart_deterministically() {
        // Two stars (a speaker and ten claims each) joined by one edge, and a lone node.
        let mut edges = Vec::new();
        for c in 1..=10 {
            edges.push((0, c));
            edges.push((11, 11 + c));
        }
        edges.push((0, 11));
        let pos = force_layout(23, &edges);
        assert_eq!(pos, force_layout(23, &edges), "not deterministic");
        for &(a, b) in &edges {
            assert!(dist(pos[a], pos[b]) < 8.0 * K, "{a}-{b} far apart");
        }
        for i in 0..23 {
            for j in 0..i {
                assert!(dist(pos[i], pos[j]) > 5.0, "{i} and {j} overlap");
            }
        }
    }

    #[test]
    fn a_few_thousand_nodes_are_laid_out_in_a_compact_area() {
        let n = 3000;
        let edges: Vec<(usize, usize)> =
            (1..n).map(|i| (i, (i * 7) % (i.max(2) / 2 + 1))).collect();
        let pos = force_layout(n, &edges);
        let (w, h) = pos
            .iter()
            .fold((0.0f64, 0.0f64), |(w, h), p| (w.max(p[0]), h.max(p[1])));
        // Some 60 x 60 ideal lengths for 3,000 nodes: a screen shows it whole.
        assert!(w < 120.0 * K && h < 120.0 * K, "{w} x {h}");
        assert!(pos.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
    }
}
