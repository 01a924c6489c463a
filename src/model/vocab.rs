//! The Configuration Server's enumerations as exports spell them. mutagen writes an enum
//! value by its Platform SDK name with `CFG` removed, in lower case (`CFGTServer` →
//! `tserver`, `CFGWinNT` → `winnt`); older exports and Genesys Administrator keep the long
//! form. Both read the same here.

use super::Os;

/// An enum value in mutagen's short form: every `CFG` removed, lower case. A leading `cfg`
/// in another case (`CfgMessageServer`) is removed too.
pub(crate) fn short_name(raw: &str) -> String {
    let lower = raw.trim().replace("CFG", "").to_ascii_lowercase();
    match lower.strip_prefix("cfg") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => lower,
    }
}

/// CfgAppType, in short form: the Platform SDK's list (values 0–173) and the types real
/// exports show beyond it. A type outside this list is kept as written, and reported.
pub(crate) const APP_TYPES: &[&str] = &[
    "unknown",
    "tserver",
    "statserver",
    "billingserver",
    "billingclient",
    "agentview",
    "voicetreatmentserver",
    "voicetreatmentmanager",
    "dbserver",
    "callconcentrator",
    "sdialer",
    "listmanager",
    "cmserver",
    "cmclient",
    "lme",
    "routerserver",
    "strategybuilder",
    "strategyloader",
    "agentdesktop",
    "sce",
    "ccview",
    "configserver",
    "thirdpartyapp",
    "thirdpartyserver",
    "strategysimulator",
    "strategyscheduler",
    "dartserver",
    "dartclient",
    "customserver",
    "externalrouter",
    "virtualinteractivet",
    "virtualrp",
    "database",
    "netvector",
    "detailbiller",
    "summarybiller",
    "nacd",
    "backupcontrolclient",
    "infomartstatcollector",
    "infomartstatconfigurator",
    "ivrinterfaceserver",
    "iserver",
    "messageserver",
    "scs",
    "sci",
    "snmpagent",
    "realdbserver",
    "wfmclient",
    "wfmdataaggregator",
    "wfmwebservices",
    "wfmscheduleserver",
    "interactionroutingdesigner",
    "etlproxy",
    "itcutility",
    "vssserver",
    "vsssystem",
    "vssshared",
    "vssconsole",
    "ccanalizerdatamart",
    "chatserver",
    "callbackserver",
    "cobrowsingserver",
    "istransportserver",
    "contactserver",
    "emailserver",
    "medialink",
    "webinteractionrequestsserver",
    "webstatserver",
    "webinteractionserver",
    "weboptionroutepoint",
    "webclient",
    "contactservermanager",
    "contentanalyzer",
    "responsemanager",
    "voipcontroller",
    "voipdevice",
    "automatedworkflowengine",
    "haproxy",
    "voipstreammanager",
    "voipdmxserver",
    "webapiserver",
    "loadbalancer",
    "applicationcluster",
    "loaddistributionserver",
    "gproxy",
    "gis",
    "agentdesktopdeliveryserver",
    "gcnclient",
    "ivrdt",
    "gcnthinserver",
    "classificationserver",
    "trainingserver",
    "universalcallbackserver",
    "cpdserverproxy",
    "xlinkcontroller",
    "kworkerportal",
    "wfmserver",
    "wfmbuilder",
    "wfmreports",
    "wfmweb",
    "knowledgemanager",
    "ivrdriver",
    "ivrlibrary",
    "lcsadapter",
    "desktopnetserver",
    "siebel7confsynchcomponent",
    "siebel7campsynchcomponent",
    "genericserver",
    "genericclient",
    "calldirector",
    "sipcommunicationserver",
    "interactionserver",
    "integrationserver",
    "wfmdaemon",
    "gvppolicymanager",
    "gvpciscoqueueadapter",
    "gvptexttospeechserver",
    "gvpasrlogmanager",
    "gvpbandwidthmanager",
    "gvpeventscollector",
    "gvpcacheserver",
    "gvpasrlogserver",
    "gvpasrpackageloader",
    "gvpipcommunicationserver",
    "gvpresourcemanager",
    "gvpsipsessionmanager",
    "gvpmediagateway",
    "gvpsoftswitch",
    "gvpcoreservice",
    "gvpvoicecommunicationserver",
    "gvpunifiedloginserver",
    "gvpcallstatusmonitor",
    "gvpreporter",
    "gvph323sessionmanager",
    "gvpasrlogmanageragent",
    "gvpgenesysqueueadapter",
    "gvpiserver",
    "gvpscpgateway",
    "gvpsrpserver",
    "gvpmrcpttsserver",
    "gvpccsserver",
    "gvpmrcpasrserver",
    "gvpnetworkmonitor",
    "gvpobnmanager",
    "gvpselfserviceprovisioningserver",
    "gvpmcp",
    "gvpfetchingmodule",
    "gvpmcplegacyinterpreter",
    "gvpccp",
    "gvpresourcemgr",
    "gvpclustermgr",
    "gvpmediaserver",
    "gvppstnconnector",
    "gvpreportingsever",
    "gvpasg",
    "gvpcticonnector",
    "resourceaccesspoint",
    "interactionworkspace",
    "advisors",
    "essextensibleservices",
    "customerview",
    "orchestrationserver",
    "reserved",
    "capturepoint",
    "rulesespserver",
    "genesysadministrator",
    "iwdmanager",
    "iwdruntimenode",
    "businessrulesexecutionserver",
    "businessrulesgui",
    "vppolicyserver",
    "socialms",
    "cstaconnector",
    "vpmrcpproxy",
    // Beyond value 173: seen in mutagen's own type lists and in real exports.
    "eaclient",
    "reservedguiapplication1",
    "reservedguiapplication2",
    "genesysadministratorserver",
];

/// Types that do not listen (mutagen's `notServerAppTypes`): GUIs and other clients. Their
/// certificates need only clientAuth.
pub(crate) const CLIENT_ONLY_TYPES: &[&str] = &[
    "advisors",
    "agentdesktop",
    "agentview",
    "automatedworkflowengine",
    "billingclient",
    "ccview",
    "cmclient",
    "contactservermanager",
    "contentanalyzer",
    "eaclient",
    "gcnclient",
    "genesysadministrator",
    "genericclient",
    "infomartstatconfigurator",
    "interactionroutingdesigner",
    "interactionworkspace",
    "itcutility",
    "iwdmanager",
    "knowledgemanager",
    "lme",
    "reservedguiapplication1",
    "reservedguiapplication2",
    "responsemanager",
    "sce",
    "sci",
    "strategybuilder",
    "strategyscheduler",
    "strategysimulator",
    "thirdpartyapp",
    "virtualinteractivet",
    "voipdevice",
    "vssconsole",
    "webclient",
    "wfmclient",
    "wfmwebservices",
];

/// CfgOSType in short form, by family. Every Windows value starts with `win`
/// (`winnt`, `windows`, `windows2000`, `windowsxp`, `windowsserver2003`,
/// `windowsserver2008`, `windowsvista`, and whatever later releases add).
pub(crate) const UNIX_OS_TYPES: &[&str] = &[
    "solaris",
    "solarisx86",
    "digitalunix",
    "hpux",
    "aix",
    "sunos",
    "tandemunix",
    "unixware",
    "redhatlinux",
];

/// The OS family of an `osInfo.type`, or None when the value names no OS tlskit can place
/// (`noos`, `os2`, `macintosh`, an unknown name). Free text of older exports (`Linux`,
/// `Windows Server 2019`) is read by its first word.
pub(crate) fn os_family(raw: &str) -> Option<Os> {
    let short = short_name(raw);
    if short.starts_with("win") {
        return Some(Os::Windows);
    }
    let unixlike = ["linux", "unix", "solaris", "aix", "hp-ux", "hpux"];
    if UNIX_OS_TYPES.contains(&short.as_str()) || unixlike.iter().any(|w| short.contains(w)) {
        return Some(Os::Unix);
    }
    None
}

/// Whether an object's `state` means it does not run: `disabled` (and `deleted`, which a
/// Configuration Server export can still carry).
pub(crate) fn state_stops(raw: &str) -> bool {
    matches!(short_name(raw).as_str(), "disabled" | "deleted")
}

/// The `[security]` options whose values name files: `certificate`, `certificate-key`,
/// `trusted-ca`, `crl` and `tls-crl`.
pub(crate) fn is_path_option(key: &str) -> bool {
    matches!(
        key,
        "certificate" | "certificate-key" | "trusted-ca" | "crl" | "tls-crl"
    )
}

/// The items of a path option: `certificate` may list several files separated by commas.
pub(crate) fn path_items(key: &str, value: &str) -> Vec<String> {
    if key == "certificate" {
        value.split(',').map(|s| s.trim().to_string()).collect()
    } else {
        vec![value.trim().to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_mutagens() {
        assert_eq!(short_name("CFGTServer"), "tserver");
        assert_eq!(short_name("CFGiWDManager"), "iwdmanager");
        assert_eq!(short_name("CfgMessageServer"), "messageserver");
        assert_eq!(short_name("messageserver"), "messageserver");
        assert_eq!(short_name("cfg"), "cfg");
    }

    #[test]
    fn every_windows_variant_is_windows_and_every_unix_one_unix() {
        for w in [
            "winnt",
            "windows",
            "windows2000",
            "windowsxp",
            "windowsserver2003",
            "windowsserver2008",
            "windowsvista",
            "CFGWinNT",
            "Windows Server 2019",
        ] {
            assert_eq!(os_family(w), Some(Os::Windows), "{w}");
        }
        for u in UNIX_OS_TYPES
            .iter()
            .copied()
            .chain(["Linux", "CFGRedHatLinux"])
        {
            assert_eq!(os_family(u), Some(Os::Unix), "{u}");
        }
        for none in ["noos", "os2", "macintosh", "", "plan9"] {
            assert_eq!(os_family(none), None, "{none}");
        }
    }
}
