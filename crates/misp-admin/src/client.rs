//! The client extension: `client.users().list()`, `client.servers().pull(3)` ...
//!
//! One small handle per area, borrowed from the client, each method a line over an operation
//! of this crate. Anything without a shortcut runs through `Client::send` with the operation.

use misp_api::{Ack, ApiError, IdOrUuid, RequestContext};
use misp_client::{Client, Error, ItemStream};
use misp_types::admin::{
    AuditLog, AuthKey, EventBlocklistEntry, Feed, Log, OrgBlocklistEntry, Role, Server,
    ServerDiagnostics, ServerSetting, User,
};
use misp_types::{Organisation, SharingGroup};
use serde_json::Value;

use crate::UserRef;
use crate::auth_keys::{AddAuthKey, AuthKeySettings, DeleteAuthKey, EditAuthKey, ListAuthKeys};
use crate::blocklists::{
    AddEventBlocklist, DeleteEventBlocklist, ListEventBlocklist, ListOrgBlocklist,
};
use crate::feeds::{
    AddFeed, DeleteFeed, DisableFeed, EnableFeed, FetchFeed, GetFeed, ListFeeds, UpdateFeed,
};
use crate::logs::{SearchAuditLogs, SearchLogs};
use crate::organisations::{
    AddOrganisation, DeleteOrganisation, GetOrganisation, ListOrganisations, OrgScope,
    UpdateOrganisation,
};
use crate::paging::paginate;
use crate::roles::{AddRole, DeleteRole, ListRoles, UpdateRole};
use crate::servers::{
    AddServer, ConnectionTest, DeleteServer, ListServers, PullServer, PushServer, TestServer,
    UpdateServer,
};
use crate::settings::{GetServerSetting, GetServerSettings, SetServerSetting};
use crate::sharing_groups::{
    AddOrgToSharingGroup, AddSharingGroup, DeleteSharingGroup, GetSharingGroup,
    RemoveOrgFromSharingGroup,
};
use crate::users::{
    AddUser, AdminGetUser, DeleteUser, GetUser, ListUsers, NewAuthKey, ResetAuthKey, UpdateUser,
};
use crate::workers::{GetWorkers, Workers as WorkerState};

/// The admin areas on a [`misp_client::Client`].
///
/// ```no_run
/// # async fn run(client: misp_client::Client) -> Result<(), misp_client::Error> {
/// use futures::TryStreamExt;
/// use misp_admin::AdminExt;
///
/// let mut users = client.users().list();
/// while let Some(user) = users.try_next().await? {
///     println!("{:?}", user.email);
/// }
/// client.servers().pull(3).await?;
/// # Ok(()) }
/// ```
pub trait AdminExt {
    /// Users: list (paged), get, add, edit, delete, new key.
    fn users(&self) -> Users<'_>;
    /// Auth keys: list, add, edit, delete.
    fn auth_keys(&self) -> AuthKeys<'_>;
    /// Organisations: list, get, add, edit, delete.
    fn organisations(&self) -> Organisations<'_>;
    /// Roles: list, add, edit (whole), delete.
    fn roles(&self) -> Roles<'_>;
    /// Sharing groups: get, add, members, delete.
    fn sharing_groups(&self) -> SharingGroups<'_>;
    /// Sync servers: list, add, edit, test, pull, push, delete.
    fn servers(&self) -> Servers<'_>;
    /// Feeds: list, get, add, edit, enable, disable, fetch, delete.
    fn feeds(&self) -> Feeds<'_>;
    /// Server settings: all, one, set.
    fn settings(&self) -> Settings<'_>;
    /// Background workers.
    fn workers(&self) -> Workers<'_>;
    /// The admin log, paged.
    fn logs(&self) -> Logs<'_>;
    /// Event and organisation blocklists.
    fn blocklists(&self) -> Blocklists<'_>;
}

macro_rules! areas {
    ($($method:ident => $area:ident),* $(,)?) => {
        impl AdminExt for Client {
            $(fn $method(&self) -> $area<'_> { $area { client: self } })*
        }
        $(
            #[doc = concat!("The `", stringify!($method), "` area; see [`AdminExt::", stringify!($method), "`].")]
            #[derive(Clone, Copy, Debug)]
            pub struct $area<'c> {
                client: &'c Client,
            }
        )*
    };
}

areas! {
    users => Users,
    auth_keys => AuthKeys,
    organisations => Organisations,
    roles => Roles,
    sharing_groups => SharingGroups,
    servers => Servers,
    feeds => Feeds,
    settings => Settings,
    workers => Workers,
    logs => Logs,
    blocklists => Blocklists,
}

impl Users<'_> {
    /// Every user, streamed page by page.
    pub fn list(&self) -> ItemStream<User> {
        self.list_where(ListUsers::new())
    }

    /// Every user matching `search`, streamed page by page.
    pub fn search(&self, search: &str) -> ItemStream<User> {
        self.list_where(ListUsers::new().search(search))
    }

    /// Every user `filter` selects (text, organisation), streamed page by page, each with
    /// its role and organisation.
    pub fn list_where(&self, filter: ListUsers) -> ItemStream<User> {
        use futures_util::TryStreamExt;
        Box::pin(paginate(self.client, filter).map_ok(|row| row.0))
    }

    /// A user as an admin sees it, with role and organisation.
    pub async fn get(&self, user_id: u64) -> Result<User, Error> {
        self.client.send(&AdminGetUser::new(user_id)).await
    }

    /// The key's own account.
    pub async fn me(&self) -> Result<User, Error> {
        self.client.send(&GetUser::new(UserRef::Me)).await
    }

    /// Creates a user; the answer's `authkey` is the new key, as a `Secret`.
    pub async fn add(&self, user: User) -> Result<User, Error> {
        self.client.send(&AddUser::new(user)).await
    }

    /// Changes the given fields of a user (admin path).
    pub async fn update(&self, user_id: u64, user: User) -> Result<User, Error> {
        self.client.send(&UpdateUser::new(user_id, user)).await
    }

    /// Deletes a user.
    pub async fn delete(&self, user_id: u64) -> Result<Ack, Error> {
        self.client.send(&DeleteUser::new(user_id)).await
    }

    /// Gives a user a new key (`users/resetauthkey`).
    pub async fn reset_key(&self, user: impl Into<UserRef>) -> Result<NewAuthKey, Error> {
        self.client.send(&ResetAuthKey::new(user)).await
    }
}

impl AuthKeys<'_> {
    /// Every key, or one user's.
    pub async fn list(&self, user_id: Option<u64>) -> Result<Vec<AuthKey>, Error> {
        self.client.send(&ListAuthKeys::new(user_id)).await
    }

    /// A new key for `user`; [`AuthKey::raw_key`] holds it.
    pub async fn add(
        &self,
        user: impl Into<UserRef>,
        settings: AuthKeySettings,
    ) -> Result<AuthKey, Error> {
        self.client
            .send(&AddAuthKey::new(user).settings(settings))
            .await
    }

    /// Changes a key's expiry, allowed IPs, read-only flag or comment.
    pub async fn edit(&self, key_id: u64, settings: AuthKeySettings) -> Result<AuthKey, Error> {
        self.client.send(&EditAuthKey::new(key_id, settings)).await
    }

    /// Deletes a key.
    pub async fn delete(&self, key_id: u64) -> Result<Ack, Error> {
        self.client.send(&DeleteAuthKey::new(key_id)).await
    }
}

impl Organisations<'_> {
    /// The organisations in `scope`.
    pub async fn list(&self, scope: OrgScope) -> Result<Vec<Organisation>, Error> {
        self.client.send(&ListOrganisations::new(scope)).await
    }

    /// One organisation.
    pub async fn get(&self, organisation: impl Into<IdOrUuid>) -> Result<Organisation, Error> {
        self.client.send(&GetOrganisation::new(organisation)).await
    }

    /// Creates an organisation.
    pub async fn add(&self, organisation: Organisation) -> Result<Organisation, Error> {
        self.client.send(&AddOrganisation::new(organisation)).await
    }

    /// Changes the given fields of an organisation.
    pub async fn update(
        &self,
        target: impl Into<IdOrUuid>,
        organisation: Organisation,
    ) -> Result<Organisation, Error> {
        self.client
            .send(&UpdateOrganisation::new(target, organisation))
            .await
    }

    /// Deletes an organisation.
    pub async fn delete(&self, organisation: impl Into<IdOrUuid>) -> Result<Ack, Error> {
        self.client
            .send(&DeleteOrganisation::new(organisation))
            .await
    }
}

impl Roles<'_> {
    /// Every role.
    pub async fn list(&self) -> Result<Vec<Role>, Error> {
        self.client.send(&ListRoles).await
    }

    /// Creates a role.
    pub async fn add(&self, role: Role) -> Result<Role, Error> {
        self.client.send(&AddRole::new(role)).await
    }

    /// Edits a role without losing the permissions left unchanged: reads the role, applies
    /// `change`, and sends the whole role (the server's edit is not partial).
    pub async fn edit(&self, role_id: u64, change: impl FnOnce(&mut Role)) -> Result<Role, Error> {
        let roles = self.list().await?;
        let mut role = roles
            .into_iter()
            .find(|r| r.id == Some(role_id))
            .ok_or_else(|| {
                not_listed(
                    "/roles/index",
                    format!("role {role_id} is not in roles/index"),
                )
            })?;
        change(&mut role);
        self.client.send(&UpdateRole::new(role_id, role)).await
    }

    /// Deletes a role.
    pub async fn delete(&self, role_id: u64) -> Result<Ack, Error> {
        self.client.send(&DeleteRole::new(role_id)).await
    }
}

/// A not-found error for an entity the index should have listed.
fn not_listed(index: &str, message: String) -> Error {
    Error::Api(ApiError::NotFound {
        context: RequestContext::new(http::Method::GET, index),
        status: http::StatusCode::OK,
        message,
    })
}

impl SharingGroups<'_> {
    /// One sharing group with its organisations and servers.
    pub async fn get(&self, sharing_group: impl Into<IdOrUuid>) -> Result<SharingGroup, Error> {
        self.client.send(&GetSharingGroup::new(sharing_group)).await
    }

    /// Creates a sharing group.
    pub async fn add(&self, sharing_group: SharingGroup) -> Result<SharingGroup, Error> {
        self.client.send(&AddSharingGroup::new(sharing_group)).await
    }

    /// Adds an organisation to a sharing group.
    pub async fn add_org(
        &self,
        sharing_group: impl Into<IdOrUuid>,
        organisation: impl Into<IdOrUuid>,
        extend: bool,
    ) -> Result<Ack, Error> {
        let op = AddOrgToSharingGroup {
            sharing_group: sharing_group.into(),
            organisation: organisation.into(),
            extend,
        };
        self.client.send(&op).await
    }

    /// Removes an organisation from a sharing group.
    pub async fn remove_org(
        &self,
        sharing_group: impl Into<IdOrUuid>,
        organisation: impl Into<IdOrUuid>,
    ) -> Result<Ack, Error> {
        let op = RemoveOrgFromSharingGroup {
            sharing_group: sharing_group.into(),
            organisation: organisation.into(),
        };
        self.client.send(&op).await
    }

    /// Deletes a sharing group.
    pub async fn delete(&self, sharing_group: impl Into<IdOrUuid>) -> Result<Ack, Error> {
        self.client
            .send(&DeleteSharingGroup::new(sharing_group))
            .await
    }
}

impl Servers<'_> {
    /// Every sync server.
    pub async fn list(&self) -> Result<Vec<Server>, Error> {
        self.client.send(&ListServers).await
    }

    /// Adds a sync server.
    pub async fn add(&self, server: Server) -> Result<Server, Error> {
        self.client.send(&AddServer::new(server)).await
    }

    /// Changes the given fields of a sync server.
    pub async fn update(&self, server_id: u64, server: Server) -> Result<Server, Error> {
        self.client
            .send(&UpdateServer::new(server_id, server))
            .await
    }

    /// Tests the connection: a failed test is a [`ConnectionTest`] with its status.
    pub async fn test(&self, server_id: u64) -> Result<ConnectionTest, Error> {
        self.client.send(&TestServer::new(server_id)).await
    }

    /// Pulls everything from a server.
    pub async fn pull(&self, server_id: u64) -> Result<Ack, Error> {
        self.client.send(&PullServer::new(server_id)).await
    }

    /// Pushes everything to a server.
    pub async fn push(&self, server_id: u64) -> Result<Ack, Error> {
        self.client.send(&PushServer::new(server_id)).await
    }

    /// Deletes a sync server.
    pub async fn delete(&self, server_id: u64) -> Result<Ack, Error> {
        self.client.send(&DeleteServer::new(server_id)).await
    }
}

impl Feeds<'_> {
    /// Every feed.
    pub async fn list(&self) -> Result<Vec<Feed>, Error> {
        self.client.send(&ListFeeds).await
    }

    /// One feed.
    pub async fn get(&self, feed_id: u64) -> Result<Feed, Error> {
        self.client.send(&GetFeed::new(feed_id)).await
    }

    /// Adds a feed.
    pub async fn add(&self, feed: Feed) -> Result<Feed, Error> {
        self.client.send(&AddFeed::new(feed)).await
    }

    /// Changes the given fields of a feed.
    pub async fn update(&self, feed_id: u64, feed: Feed) -> Result<Feed, Error> {
        self.client.send(&UpdateFeed::new(feed_id, feed)).await
    }

    /// Enables a feed.
    pub async fn enable(&self, feed_id: u64) -> Result<Ack, Error> {
        self.client.send(&EnableFeed::new(feed_id)).await
    }

    /// Disables a feed.
    pub async fn disable(&self, feed_id: u64) -> Result<Ack, Error> {
        self.client.send(&DisableFeed::new(feed_id)).await
    }

    /// Fetches a feed now; "Fetching the feed has failed." is an error.
    pub async fn fetch(&self, feed_id: u64) -> Result<Ack, Error> {
        self.client.send(&FetchFeed::new(feed_id)).await
    }

    /// Deletes a feed.
    pub async fn delete(&self, feed_id: u64) -> Result<Ack, Error> {
        self.client.send(&DeleteFeed::new(feed_id)).await
    }
}

impl Settings<'_> {
    /// The diagnostics with every setting.
    pub async fn all(&self) -> Result<ServerDiagnostics, Error> {
        self.client.send(&GetServerSettings).await
    }

    /// One setting.
    pub async fn get(&self, name: &str) -> Result<ServerSetting, Error> {
        self.client.send(&GetServerSetting::new(name)).await
    }

    /// Sets a setting (not forced).
    pub async fn set(&self, name: &str, value: impl Into<Value>) -> Result<Ack, Error> {
        self.client.send(&SetServerSetting::new(name, value)).await
    }
}

impl Workers<'_> {
    /// The worker queues, or that background jobs are off.
    pub async fn list(&self) -> Result<WorkerState, Error> {
        self.client.send(&GetWorkers).await
    }
}

impl Logs<'_> {
    /// The admin log entries matching `filter`, streamed page by page (oldest first).
    pub fn search(&self, filter: SearchLogs) -> ItemStream<Log> {
        paginate(self.client, filter)
    }

    /// The admin log entries matching `filter` created between `from` and `to` (inclusive,
    /// `YYYY-MM-DD` or `YYYY-MM-DD hh:mm:ss`, as the server writes `created`). The admin log
    /// has no date-range filter, so the entries are walked oldest first: the ones before
    /// `from` are skipped and the walk stops at the first one after `to`.
    pub fn search_between(
        &self,
        filter: SearchLogs,
        from: Option<String>,
        to: Option<String>,
    ) -> ItemStream<Log> {
        use futures_util::TryStreamExt;
        let stream = paginate(self.client, filter)
            .try_skip_while(move |log| {
                let before = match (&from, &log.created) {
                    (Some(from), Some(created)) => created.as_str() < from.as_str(),
                    _ => false,
                };
                std::future::ready(Ok(before))
            })
            .try_take_while(move |log| {
                let within = match (&to, &log.created) {
                    (Some(to), Some(created)) => {
                        created.get(..to.len()).unwrap_or(created) <= to.as_str()
                    }
                    _ => true,
                };
                std::future::ready(Ok(within))
            });
        Box::pin(stream)
    }

    /// The audit log entries matching `filter`, streamed page by page.
    pub fn audit(&self, filter: SearchAuditLogs) -> ItemStream<AuditLog> {
        paginate(self.client, filter)
    }
}

impl Blocklists<'_> {
    /// The event blocklist.
    pub async fn events(&self) -> Result<Vec<EventBlocklistEntry>, Error> {
        self.client.send(&ListEventBlocklist).await
    }

    /// The organisation blocklist.
    pub async fn organisations(&self) -> Result<Vec<OrgBlocklistEntry>, Error> {
        self.client.send(&ListOrgBlocklist).await
    }

    /// Blocks one event UUID and returns the entry as the index lists it (the add answers
    /// no id). An entry already there is returned as it is.
    pub async fn block_event(&self, add: AddEventBlocklist) -> Result<EventBlocklistEntry, Error> {
        let Some(&uuid) = add.uuids.first() else {
            return Err(Error::Build(misp_api::BuildError::invalid(
                "uuids",
                "give the UUID to block",
            )));
        };
        self.client.send(&add).await?;
        self.events()
            .await?
            .into_iter()
            .find(|e| e.event_uuid == Some(uuid))
            .ok_or_else(|| {
                not_listed(
                    "/eventBlocklists/index",
                    format!("event {uuid} was added to the blocklist but is not in its index"),
                )
            })
    }

    /// Removes an event blocklist entry (by id or event UUID).
    pub async fn unblock_event(&self, entry: impl Into<IdOrUuid>) -> Result<Ack, Error> {
        self.client.send(&DeleteEventBlocklist::new(entry)).await
    }
}
