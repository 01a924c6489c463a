//! Work split across the machine's cores, with results in input order.

/// `f` over `items` on up to `available_parallelism` threads, with results in input order.
/// The threads take small runs of items in turn rather than a fixed share each, so that a
/// thread slowed down by another process (the machine is rarely ours alone) holds back
/// only its last run, not half the work. A panic in `f` is passed on, never turned into a
/// missing result (callers pair results with inputs by position).
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    // Eight runs per thread: few enough that taking one costs nothing, enough that the
    // last ones even out.
    let run = items.len().div_ceil(threads * 8);
    let next = AtomicUsize::new(0);
    let (f, next) = (&f, &next);
    let mut runs: Vec<(usize, Vec<R>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(move || {
                    let mut mine = Vec::new();
                    loop {
                        let start = next.fetch_add(run, Ordering::Relaxed);
                        if start >= items.len() {
                            break mine;
                        }
                        let end = (start + run).min(items.len());
                        mine.push((start, items[start..end].iter().map(f).collect()));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    runs.sort_unstable_by_key(|(start, _)| *start);
    runs.into_iter().flat_map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_input_order() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(
            super::map(&items, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        assert!(super::map(&Vec::<u32>::new(), |x| *x).is_empty());
        for n in [1, 2, 3, 15, 16, 17, 100] {
            let items: Vec<u32> = (0..n).collect();
            assert_eq!(super::map(&items, |x| x + 1), (1..=n).collect::<Vec<_>>());
        }
    }
}
