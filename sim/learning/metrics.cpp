// Metrics; see metrics.hpp. The unseen part of U: with v = q_unseen, its kl is
// sum_{unseen} p log p - log(v) * missing, where sum_{unseen} p log p is the
// world's total minus the seen part; its lk, tv and mismatch use the fact that
// the ranks where Q_k(p_r) takes a given value, or where p_r >= v, form a rank
// interval (p is decreasing in r), whose mass is a closed form (World::power_sum).
// The renormalised kl_norm and tv_norm take a second pass over the seen types
// (their normalisers are the sums of the first) and the same closed forms with
// v / q_mass in place of v.
#include "sim/learning/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

namespace pacsim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double rank_mass(const World& w, Rank lo, Rank hi) {  // sum_{r=lo}^{hi} p_r
  if (hi < lo || lo > w.M()) return 0.0;
  hi = std::min(hi, w.M());
  if (w.a() == 0) return static_cast<double>(hi - lo + 1) / static_cast<double>(w.M());
  return w.power_sum(lo, hi, w.a(), 0) / w.normaliser();
}

double rank_count(const World& w, Rank lo, Rank hi) {  // number of ranks in [lo, hi]
  if (hi < lo || lo > w.M()) return 0.0;
  if (w.infinite() && hi == kInfiniteM) return kInf;
  return static_cast<double>(std::min(hi, w.M()) - lo + 1);
}

// The largest rank r in 0..M with pred(r) true, for a predicate true on an initial
// segment of ranks (p is decreasing in r; pred(0) counts as true). Exponential
// search from `guess`, then bisection: O(log) evaluations. In an infinite world a
// predicate still true at rank 2^62 is taken as true for every rank: kInfiniteM.
template <class Pred>
Rank last_rank_where(const World& w, double guess, Pred pred) {
  const Rank top = w.infinite() ? (Rank{1} << 62) : w.M();
  if (w.infinite() && pred(top)) return kInfiniteM;
  Rank lo, hi;  // invariant: pred(lo) (or lo = 0), !pred(hi) (or hi = top + 1)
  Rank g = guess < 1 ? 0 : guess >= static_cast<double>(top) ? top : static_cast<Rank>(guess);
  if (g == 0 || pred(g)) {
    lo = g;
    Rank step = 1;
    for (;;) {
      if (lo >= top) return top;
      const Rank next = (top - lo > step) ? lo + step : top;
      if (!pred(next)) {
        hi = next;
        break;
      }
      lo = next;
      step *= 2;
    }
  } else {
    hi = g;
    Rank step = 1;
    for (;;) {
      const Rank next = hi > step ? hi - step : 0;
      if (next == 0 || pred(next)) {
        lo = next;
        break;
      }
      hi = next;
      step *= 2;
    }
  }
  while (hi - lo > 1) {
    const Rank mid = lo + (hi - lo) / 2;
    (pred(mid) ? lo : hi) = mid;
  }
  return lo;
}

// The rank where p_r = t, as a real number: (t Z)^(-1/a) - b.
double rank_of_p(const World& w, double t) {
  if (w.a() == 0) return (t <= 1.0 / static_cast<double>(w.M())) ? 1e300 : 0.0;
  if (t <= 0) return 1e300;
  return std::exp(-std::log(t * w.normaliser()) / w.a()) - w.b();
}

// Seen entries with rank in [lo, hi] (far entries, rank 0 in SeenTypes, count as
// beyond every finite rank): their number and mass.
struct SeenPart {
  double count = 0, mass = 0;
};
SeenPart seen_in(const SeenTypes& s, Rank lo, Rank hi) {
  SeenPart part;
  for (std::size_t i = 0; i < s.rank.size(); ++i) {
    const Rank r = s.rank[i];
    const bool in = r == 0 ? hi >= (Rank{1} << 53) : (r >= lo && r <= hi);
    if (in) {
      part.count += 1;
      part.mass += s.p[i];
    }
  }
  return part;
}

// A mass that can renormalise: positive and finite.
bool usable(double mass) { return mass > 0 && std::isfinite(mass); }

// How one target/scope renormalises: t' = t * t_inv, q' = q * q_inv, and
// log(t' / q') = log(t / q) + log_shift. `ok` is false where a mass is 0 or
// infinite (kl_norm and tv_norm are then NaN).
struct Renormaliser {
  bool ok = false;
  double t_inv = 0, q_inv = 0, log_shift = 0;
};
Renormaliser renormaliser(double t_mass, double q_mass) {
  if (!usable(t_mass) || !usable(q_mass)) return {};
  return {true, 1 / t_mass, 1 / q_mass, std::log(q_mass / t_mass)};
}

// Adds one type's terms of kl_norm and tv_norm; log_tq is log(t / q) (read only
// where t' and q' are positive and far apart). Once kl_norm is infinite its
// terms are skipped: they cannot change it.
void add_normalised(Losses& l, const Renormaliser& r, double t, double q, double log_tq) {
  if (!r.ok) return;
  const double tn = t * r.t_inv, qn = q * r.q_inv;
  if (l.kl_norm != kInf) l.kl_norm += divergence_term(tn, qn, log_tq + r.log_shift);
  l.tv_norm += std::fabs(tn - qn);
}

// The masses over S of p and of q: the renormalisers need them before the pass
// over the seen types that sums everything else.
struct SeenMasses {
  double p = 0, q = 0;
};
SeenMasses seen_masses(const Quantiser& Q, const SeenTypes& seen, const Hypothesis& h) {
  SeenMasses m;
  for (std::size_t i = 0; i < seen.c.size(); ++i) {
    m.p += seen.p[i];
    m.q += Q.value(h.q[i]);
  }
  return m;
}

// The renormalisers of the four target/scopes. Over U, q_mass adds the unseen
// value v on each of `n_unseen` types; pop's target sums to 1 over U, train's to
// 1 over S and U (unless the corpus is empty).
struct Renormalisers {
  Renormaliser pop_S, pop_U, train_S, train_U;
};
Renormalisers renormalisers(const SeenMasses& seen, double v, double n_unseen, std::uint64_t n) {
  const double q_U = seen.q + (v > 0 ? v * n_unseen : 0.0);
  const double train_t = n ? 1.0 : 0.0;
  return {renormaliser(seen.p, seen.q), renormaliser(1.0, q_U), renormaliser(train_t, seen.q),
          renormaliser(train_t, q_U)};
}

// The seen part: the losses on S against both targets, the seen parts of the
// renormalised losses over U, and sum_{s in S} p log p.
struct SeenSums {
  Losses pop, train;      // over S
  Losses pop_U, train_U;  // kl_norm and tv_norm of the seen types only
  double plogp = 0;
};
SeenSums sum_over_seen(const Quantiser& Q, const SeenTypes& seen, const Hypothesis& h, std::uint64_t n,
                       const SeenMasses& masses, const Renormalisers& r) {
  SeenSums s;
  for (std::size_t i = 0; i < seen.c.size(); ++i) {
    const double v = Q.value(h.q[i]);
    const double p = seen.p[i];
    const double t = n ? static_cast<double>(seen.c[i]) / static_cast<double>(n) : 0.0;
    const std::int64_t tp = Q.index(p);
    const std::int64_t tt = n ? Q.index_ratio(seen.c[i], n) : Q.index(0.0);
    const double log_pv = p > 0 && v > 0 ? std::log(p / v) : 0.0;
    const double log_tv = t > 0 && v > 0 ? std::log(t / v) : 0.0;
    s.plogp += p > 0 ? p * std::log(p) : 0.0;
    s.pop.kl += p > 0 ? (v > 0 ? p * log_pv : kInf) : 0.0;
    s.train.kl += t > 0 ? (v > 0 ? t * log_tv : kInf) : 0.0;
    if (tp != h.q[i]) {
      s.pop.lk += p;
      s.pop.mismatch += 1;
    }
    if (tt != h.q[i]) {
      s.train.lk += t;
      s.train.mismatch += 1;
    }
    s.pop.tv += std::fabs(p - v);
    s.train.tv += std::fabs(t - v);
    add_normalised(s.pop, r.pop_S, p, v, log_pv);
    add_normalised(s.pop_U, r.pop_U, p, v, log_pv);
    add_normalised(s.train, r.train_S, t, v, log_tv);
    add_normalised(s.train_U, r.train_U, t, v, log_tv);
  }
  s.pop.q_mass = s.train.q_mass = masses.q;
  s.pop.t_mass = masses.p;
  s.train.t_mass = n ? 1.0 : 0.0;  // c/n sums to 1 over S; an empty corpus has no target
  return s;
}

// The unseen ranks, all given the grid value u, against p: their L_k and
// mismatch count. They are the unseen ranks outside the rank interval [A, B]
// where Q_k(p_r) = u.
std::pair<double, double> unseen_lk_mismatch(const World& w, const Quantiser& Q, const SeenTypes& seen,
                                             std::int64_t u, double n_unseen, double missing_mass) {
  if (n_unseen == 0) return {0.0, 0.0};  // every rank seen: nothing unseen, whatever rounding left
  // Q_k(p_r) for any rank: where p_r underflows to 0 in double precision it is
  // still positive, below every grid point: index 1 under ceil or the rounding-up
  // rule, 0 otherwise.
  const std::int64_t index_of_underflow = (Q.rounding == Rounding::ceil || Q.min_one_over_k) ? 1 : 0;
  const auto rank_index = [&](Rank r) {
    const double p = w.pmf(static_cast<double>(r));
    return p > 0 ? Q.index(p) : index_of_underflow;
  };
  const auto index_at_least = [&](std::int64_t j) {  // last rank with Q_k(p_r) >= j
    if (j <= 0) return w.M();
    const double t = std::max(0.0, (static_cast<double>(j) - 1.0) / static_cast<double>(Q.k));
    return last_rank_where(w, rank_of_p(w, std::max(t, 1e-300)), [&](Rank r) { return rank_index(r) >= j; });
  };
  const Rank B = index_at_least(u);
  const Rank above_u = (u >= static_cast<std::int64_t>(Q.k)) ? 0 : index_at_least(u + 1);
  const Rank A = above_u == kInfiniteM ? kInfiniteM : above_u + 1;  // kInfiniteM: no rank has Q = u
  if (!(A <= B && A != kInfiniteM)) return {missing_mass, n_unseen};
  // The unseen mass outside [A, B], summed directly: as missing mass minus the
  // mass inside it cancels to rounding noise when nothing lies outside.
  const SeenPart below = seen_in(seen, 1, A - 1);
  const SeenPart above = B >= w.M() ? SeenPart{} : seen_in(seen, B + 1, kInfiniteM);
  const double below_unseen = rank_count(w, 1, A - 1) - below.count;
  const double above_unseen = (B >= w.M()) ? 0.0 : rank_count(w, B + 1, kInfiniteM) - above.count;
  const double below_mass = std::max(0.0, rank_mass(w, 1, A - 1) - below.mass);
  const double above_mass = (B >= w.M()) ? 0.0 : std::max(0.0, rank_mass(w, B + 1, w.M()) - above.mass);
  const double lk = (below_unseen > 0 ? below_mass : 0.0) + (above_unseen > 0 ? above_mass : 0.0);
  return {lk, below_unseen + above_unseen};
}

// The unseen ranks' tv against p, all given the value v: ranks 1..Rv have
// p_r >= v; the unseen ones among them contribute p - v, the others v - p.
double unseen_tv(const World& w, const SeenTypes& seen, double v, double n_unseen, double missing_mass) {
  if (n_unseen == 0) return 0;
  if (v == 0) return missing_mass;
  const Rank Rv = last_rank_where(w, rank_of_p(w, v), [&](Rank r) { return w.pmf(static_cast<double>(r)) >= v; });
  const SeenPart le = seen_in(seen, 1, Rv);
  const double mass_le = std::max(0.0, rank_mass(w, 1, Rv) - le.mass);
  const double cnt_le = static_cast<double>(Rv) - le.count;
  const double mass_gt = std::max(0.0, missing_mass - mass_le);
  const double cnt_gt = n_unseen - cnt_le;
  return (mass_le - v * cnt_le) + (v * cnt_gt - mass_gt);
}

// The unseen part of U: its losses against p, how many ranks it has and
// sum_{unseen} p log p.
struct UnseenPart {
  Losses pop;
  double count = 0;
  double plogp = 0;
};
UnseenPart unseen_part(const World& w, const Quantiser& Q, const SeenTypes& seen, std::int64_t u,
                       double missing_mass, double seen_plogp) {
  UnseenPart part;
  const double v = Q.value(u);
  const double n_unseen = w.infinite() ? kInf : static_cast<double>(w.M()) - static_cast<double>(seen.c.size());
  part.count = n_unseen;
  part.pop.q_mass = v > 0 ? v * n_unseen : 0.0;
  // kl: sum_{unseen} p log(p / v), from the world's total of p log p.
  part.plogp = w.sum_p_log_p() - seen_plogp;
  if (missing_mass > 0 && n_unseen > 0) part.pop.kl = v > 0 ? part.plogp - std::log(v) * missing_mass : kInf;
  const auto [lk, mismatch] = unseen_lk_mismatch(w, Q, seen, u, n_unseen, missing_mass);
  part.pop.lk = lk;
  part.pop.mismatch = mismatch;
  part.pop.tv = unseen_tv(w, seen, v, n_unseen, missing_mass);
  return part;
}

// The unseen types' parts of kl_norm and tv_norm over U, each type with
// q' = v' (v renormalised). Against p: sum p log(p / v') - p + v' = plogp -
// log(v') missing - missing + v' n_unseen (clamped at 0, as a sum of
// non-negative terms) and unseen_tv(v'); against train (0 off S): v' a type.
void add_unseen_normalised(const World& w, const SeenTypes& seen, double v, const UnseenPart& unseen,
                           double missing_mass, const Renormalisers& r, Metrics& m) {
  const double count = unseen.count;
  if (!(count > 0)) return;
  if (r.pop_U.ok) {
    const double vn = v * r.pop_U.q_inv, off_S = vn > 0 ? vn * count : 0.0;
    if (missing_mass > 0)
      m.pop_U.kl_norm +=
          vn > 0 ? std::max(0.0, unseen.plogp - std::log(vn) * missing_mass - missing_mass + off_S) : kInf;
    else
      m.pop_U.kl_norm += off_S;
    m.pop_U.tv_norm += unseen_tv(w, seen, vn, count, missing_mass);
  }
  if (r.train_U.ok) {
    const double vn = v * r.train_U.q_inv, off_S = vn > 0 ? vn * count : 0.0;
    m.train_U.kl_norm += off_S;
    m.train_U.tv_norm += off_S;
  }
}

// min_h L_k(h) against p on S: all can match every Q_k(p_s), so 0; top keeps the
// ERM's own set and picks the best shared value for the rest.
double best_lk_in_class(const HypothesisSpec& spec, const SeenTypes& seen, const Hypothesis& h) {
  if (spec.cls != HypothesisClass::top) return 0;
  std::map<std::int64_t, double> mass_by_value;
  double rest = 0;
  for (std::size_t i = 0; i < seen.c.size(); ++i) {
    if (h.own[i]) continue;
    rest += seen.p[i];
    mass_by_value[spec.Q.index(seen.p[i])] += seen.p[i];
  }
  double best = 0;
  for (const auto& kv : mass_by_value) best = std::max(best, kv.second);
  return rest - best;
}

}  // namespace

const std::vector<TargetScope>& target_scopes() {
  static const std::vector<TargetScope> ts = {{"pop_S", &Metrics::pop_S},
                                               {"pop_U", &Metrics::pop_U},
                                               {"train_S", &Metrics::train_S},
                                               {"train_U", &Metrics::train_U}};
  return ts;
}

const std::vector<MetricField>& metric_fields() {
  static const std::vector<MetricField> fields = {{"best_lk", "probability", &Metrics::best_lk},
                                                  {"eps", "probability", &Metrics::eps}};
  return fields;
}

Metrics compute_metrics(const World& w, const HypothesisSpec& spec, const SeenTypes& seen,
                        const Hypothesis& h, std::uint64_t n, double missing_mass) {
  Metrics m;
  m.unique = seen.c.size();
  const double v = spec.Q.value(h.unseen);
  const double n_unseen = w.infinite() ? kInf : static_cast<double>(w.M()) - static_cast<double>(seen.c.size());
  const SeenMasses masses = seen_masses(spec.Q, seen, h);
  const Renormalisers r = renormalisers(masses, v, n_unseen, n);
  const SeenSums s = sum_over_seen(spec.Q, seen, h, n, masses, r);
  m.pop_S = s.pop;
  m.train_S = s.train;
  const UnseenPart unseen = unseen_part(w, spec.Q, seen, h.unseen, missing_mass, s.plogp);
  for (const auto f : {&Losses::kl, &Losses::lk, &Losses::tv, &Losses::mismatch, &Losses::q_mass})
    m.pop_U.*f = m.pop_S.*f + unseen.pop.*f;
  m.pop_U.t_mass = 1;  // the world's p sums to 1 over U
  // train over U: the target is 0 off S, so kl and lk are those on S.
  const bool train_unseen_mismatch = spec.Q.index(0.0) != h.unseen;
  m.train_U.kl = m.train_S.kl;
  m.train_U.lk = m.train_S.lk;
  m.train_U.mismatch = m.train_S.mismatch + (train_unseen_mismatch ? unseen.count : 0.0);
  m.train_U.tv = m.train_S.tv + unseen.pop.q_mass;
  m.train_U.q_mass = m.pop_U.q_mass;
  m.train_U.t_mass = m.train_S.t_mass;
  // The renormalised losses: the seen parts summed above, the unseen parts here.
  m.pop_U.kl_norm = s.pop_U.kl_norm;
  m.pop_U.tv_norm = s.pop_U.tv_norm;
  m.train_U.kl_norm = s.train_U.kl_norm;
  m.train_U.tv_norm = s.train_U.tv_norm;
  add_unseen_normalised(w, seen, v, unseen, missing_mass, r, m);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const auto& [ok, losses] : {std::pair{r.pop_S.ok, &m.pop_S}, std::pair{r.pop_U.ok, &m.pop_U},
                                   std::pair{r.train_S.ok, &m.train_S}, std::pair{r.train_U.ok, &m.train_U}})
    if (!ok) losses->kl_norm = losses->tv_norm = nan;
  m.best_lk = best_lk_in_class(spec, seen, h);
  m.eps = m.pop_S.lk - m.best_lk;
  return m;
}

}  // namespace pacsim
