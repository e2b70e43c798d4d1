//! The one place list operations meet the client's paging: an operation that takes `page`
//! and `limit` says how, and [`paginate`] walks its pages.

use misp_api::Streamable;
use misp_client::{Client, ItemStream, Pager};

/// A list operation the server pages with `page` and `limit`.
///
/// ```
/// use misp_admin::Paged;
/// use misp_admin::users::ListUsers;
/// use misp_api::Endpoint;
/// let op = ListUsers::new().paged(2, 50);
/// assert_eq!(op.request().unwrap().uri(), "/admin/users/index/limit:50/page:2");
/// ```
pub trait Paged: Streamable + Clone {
    /// The same operation for one page (1-based) of `limit` items.
    #[must_use]
    fn paged(self, page: u32, limit: u32) -> Self;
}

/// The page size the client walks admin lists with.
pub(crate) const PAGE: u32 = 100;

/// Streams every item of a paged list, page after page until a short one.
pub(crate) fn paginate<E>(client: &Client, op: E) -> ItemStream<E::Item>
where
    E: Paged + Send + Sync + 'static,
    E::Item: Send + 'static,
{
    let at = op.items_at();
    client.paginate(
        Pager::new(PAGE).result_count_is_total(false),
        at,
        move |p| op.clone().paged(p.page, p.limit),
    )
}

/// Makes a list operation with `page` and `limit` fields [`Streamable`] (its items at the
/// root, each wrapped in `$key`) and [`Paged`].
macro_rules! paged_list {
    ($op:ty, $item:ty, $key:literal) => {
        impl misp_api::Streamable for $op {
            type Item = $item;
            fn items_at(&self) -> misp_api::ItemsAt {
                misp_api::ItemsAt::root().unwrap($key)
            }
        }

        impl $crate::Paged for $op {
            fn paged(mut self, page: u32, limit: u32) -> Self {
                self.page = Some(page);
                self.limit = Some(limit);
                self
            }
        }
    };
}
pub(crate) use paged_list;
