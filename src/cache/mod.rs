//! What the state folder remembers so that a `build` after a small change does small work:
//!
//! - [`items`]: each item file's normalised form and its diagnostics, keyed by the file's stamp
//!   and the hash of its bytes, so that only new or edited files are read and normalised;
//! - [`documents`]: each output document's input fingerprint and the stamp of the file it was
//!   written to, so that only documents whose inputs changed (or whose file was deleted or edited
//!   behind communique's back) are rendered.
//!
//! Both hang on one [`RunKey`]: the cache format, the binary (version, and the executable's size
//! and mtime, so a rebuilt binary starts afresh), the current folder (messages show paths
//! relative to it) and the normalised configuration. A cache file with another key, another
//! format, or that does not parse is ignored and written afresh: a cache costs a full run, never
//! a wrong output. Deleting the files is always safe.
//!
//! Hashes are 128-bit XXH3 (`xxhash-rust`): these files guard against change, not against an
//! attacker who can already write the state folder, so a fast non-cryptographic hash is enough
//! (SipHash-1-3, used before format 5, was about 5 % of a cold build's instructions). A digest
//! is only ever compared with one written under the same [`RunKey`], which holds [`FORMAT`] and
//! the binary: a binary with another hash never trusts an older file's digests.

pub(crate) mod documents;
pub(crate) mod items;
pub(crate) mod record;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::Xxh3Default;

use crate::config::Config;

/// Bumped whenever the meaning of a cache file or of a fingerprint changes (5: XXH3-128 instead
/// of SipHash-1-3; 6: an item's base digest hashes its cache record, not its JSON form; 7: an
/// entry keeps the clock an item dated ahead of it was made at).
const FORMAT: u32 = 7;

/// A 128-bit hash.
pub(crate) type Digest = u128;

/// A hasher whose fields are length-prefixed, so that no two field sequences hash alike.
#[derive(Default)]
pub(crate) struct Hash(Xxh3Default);

impl Hash {
    pub(crate) fn new() -> Self {
        Hash(Xxh3Default::new())
    }

    pub(crate) fn field(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub(crate) fn digest(&mut self, d: Digest) -> &mut Self {
        self.field(&d.to_le_bytes())
    }

    pub(crate) fn finish(&self) -> Digest {
        self.0.digest128()
    }
}

impl std::fmt::Debug for Hash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hash(XXH3-128)")
    }
}

impl io::Write for Hash {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What every cached value of a run depends on; see the module documentation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct RunKey(pub(crate) Digest);

impl RunKey {
    pub(crate) fn of(config: &Config) -> RunKey {
        let mut h = Hash::new();
        h.field(b"communique-cache")
            .field(&FORMAT.to_le_bytes())
            .field(env!("CARGO_PKG_VERSION").as_bytes());
        match std::env::current_exe().and_then(fs::metadata) {
            Ok(meta) => {
                let stamp = Stamp::of(&meta);
                h.field(&stamp.size.to_le_bytes())
                    .field(&stamp.mtime_ns.to_le_bytes());
            }
            // No way to tell this binary from another: a key that matches nothing.
            Err(_) => {
                h.field(&nanos_now().to_le_bytes());
            }
        }
        if let Ok(cwd) = std::env::current_dir() {
            h.field(cwd.as_os_str().as_encoded_bytes());
        }
        // `Config` holds no hash maps, so its `Debug` form is the same on every run. Its paths
        // are absolute but for the configuration file's own, kept as written: made absolute
        // here, so that `--config c.toml` and `--config /srv/site/c.toml` share one cache.
        let mut config = config.clone();
        config.path = std::path::absolute(&config.path).unwrap_or(config.path);
        h.field(format!("{config:?}").as_bytes());
        RunKey(h.finish())
    }
}

/// A file's stamp (`types::stamp`): what tells a file changed without reading it.
pub(crate) use crate::types::stamp::{nanos_now, FileStamp as Stamp};

/// The stamps of the item files as this run's no-op check found them (its fingerprint walk),
/// by path under the items folder, `/`-separated: the item cache takes a file's stamp from here
/// instead of asking the file system a second time. Taken under the instance lock, like the
/// rest of the run; a file the walk did not see is stat'ed as before.
///
/// Kept as the walk found them and sorted by path only when first asked: a no-op run (the one
/// that walks and then stops) never asks, and a map built on every walk was a tenth of its
/// instructions at 10,000 files.
///
/// When the walk met nothing that `collect`'s walk treats otherwise (no link, no error, every
/// name UTF-8), the list is also that walk's listing ([`ItemStamps::listing`]): every regular
/// file under the items folder, hidden names left out, in `collect`'s order.
#[derive(Clone, Default)]
pub(crate) struct ItemStamps(std::sync::Arc<Found>);

/// [`ItemStamps`]' list, and its order by path once asked.
#[derive(Default)]
struct Found {
    list: Vec<(String, Stamp)>,
    by_path: std::sync::OnceLock<Vec<usize>>,
    /// Whether `list` is the whole listing `collect` would make.
    complete: bool,
}

impl ItemStamps {
    /// The stamps `list` holds, one per path.
    pub(crate) fn new(list: Vec<(String, Stamp)>) -> ItemStamps {
        ItemStamps(std::sync::Arc::new(Found {
            list,
            by_path: std::sync::OnceLock::new(),
            complete: false,
        }))
    }

    /// The stamps `list` holds, which is also the whole listing of the items folder as
    /// `collect` walks it, in its order (see [`ItemStamps::listing`]).
    pub(crate) fn complete(list: Vec<(String, Stamp)>) -> ItemStamps {
        ItemStamps(std::sync::Arc::new(Found {
            list,
            by_path: std::sync::OnceLock::new(),
            complete: true,
        }))
    }

    /// Every regular file under the items folder, `/`-separated paths under it with their
    /// stamps, in `collect`'s walk order, when the walk that found them met nothing `collect`
    /// treats otherwise: `collect` then lists no folder again.
    pub(crate) fn listing(&self) -> Option<&[(String, Stamp)]> {
        self.0.complete.then_some(self.0.list.as_slice())
    }

    /// The stamp the walk found for `rel`.
    pub(crate) fn get(&self, rel: &str) -> Option<Stamp> {
        let list = &self.0.list;
        let by_path = self.0.by_path.get_or_init(|| {
            let mut order: Vec<usize> = (0..list.len()).collect();
            order.sort_unstable_by(|&a, &b| list[a].0.cmp(&list[b].0));
            order
        });
        let at = by_path
            .binary_search_by(|&i| list[i].0.as_str().cmp(rel))
            .ok()?;
        Some(list[by_path[at]].1)
    }
}

impl PartialEq for ItemStamps {
    fn eq(&self, other: &ItemStamps) -> bool {
        self.0.list == other.0.list
    }
}

impl Eq for ItemStamps {}

impl std::fmt::Debug for ItemStamps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ItemStamps({} files)", self.0.list.len())
    }
}

/// `dir` joined with `rel` (a relative path), as `Path::join` makes it, in one allocation:
/// `join` copies `dir` and then grows the copy, a second allocation and copy that was a few
/// per cent of a build after one added item, which joins once per item and per document.
pub(crate) fn joined(dir: &Path, rel: &str) -> PathBuf {
    let mut path = PathBuf::with_capacity(dir.as_os_str().len() + 1 + rel.len());
    path.push(dir);
    path.push(rel);
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawConfig;

    /// The configuration file named relatively or absolutely is one instance: one cache.
    #[test]
    fn the_key_does_not_depend_on_how_the_configuration_path_is_written() {
        let text = "title = \"T\"\nbase_url = \"https://example.org/\"\nauthor = \"A\"\n\
                    id_authority = \"example.org\"\nid_date = \"2022\"\n";
        let cwd = std::env::current_dir().unwrap();
        let config = RawConfig::parse(text, "config.toml")
            .unwrap()
            .resolve(&cwd.join("site/config.toml"), &cwd.join("site"))
            .unwrap();
        let mut relative = config.clone();
        relative.path = PathBuf::from("site/config.toml");
        assert_eq!(RunKey::of(&config), RunKey::of(&relative));
        let mut other = config.clone();
        other.path = cwd.join("elsewhere/config.toml");
        assert_ne!(RunKey::of(&config), RunKey::of(&other));
    }

    #[test]
    fn item_stamps_are_found_by_path_in_any_order() {
        let stamp = |n: u64| Stamp {
            size: n,
            inode: n,
            mtime_ns: 0,
            ctime_ns: 0,
        };
        let names = ["2000/b.md", "2000-x.md", "2000/a.md", "a", "z/y/x.txt"];
        let stamps = ItemStamps::new(
            names
                .iter()
                .enumerate()
                .map(|(i, n)| ((*n).to_owned(), stamp(i as u64)))
                .collect(),
        );
        for (i, n) in names.iter().enumerate() {
            assert_eq!(stamps.get(n), Some(stamp(i as u64)), "{n}");
        }
        assert_eq!(stamps.get("2000"), None);
        assert_eq!(stamps.get(""), None);
        assert_eq!(ItemStamps::default().get("a"), None);
    }
}
