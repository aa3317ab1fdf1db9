using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InsightRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "Bookings",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "FrontDesk");

            migrationBuilder.CreateTable(
                name: "BookingRollups",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Basis = table.Column<int>(type: "INTEGER", nullable: false),
                    Grain = table.Column<int>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Hour = table.Column<int>(type: "INTEGER", nullable: false),
                    ServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    Bookings = table.Column<int>(type: "INTEGER", nullable: false),
                    Revenue = table.Column<long>(type: "INTEGER", nullable: false),
                    Minutes = table.Column<long>(type: "INTEGER", nullable: false),
                    LeadMinutes = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstBookings = table.Column<int>(type: "INTEGER", nullable: false),
                    Rescheduled = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BookingRollups", x => new { x.TenantId, x.Basis, x.Grain, x.Day, x.Hour, x.ServiceId, x.ProviderId, x.Status, x.Channel, x.Currency });
                });

            migrationBuilder.CreateTable(
                name: "RollupDays",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Basis = table.Column<int>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Stamp = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RollupDays", x => new { x.TenantId, x.Basis, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "RollupStates",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BuiltAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RollupStates", x => x.TenantId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_TenantId_CreatedAt",
                table: "Bookings",
                columns: new[] { "TenantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_TenantId_CustomerId_CreatedAt",
                table: "Bookings",
                columns: new[] { "TenantId", "CustomerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BookingChanges_TenantId_At",
                table: "BookingChanges",
                columns: new[] { "TenantId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_BookingRollups_TenantId",
                table: "BookingRollups",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_RollupDays_TenantId",
                table: "RollupDays",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_RollupStates_TenantId",
                table: "RollupStates",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BookingRollups");

            migrationBuilder.DropTable(
                name: "RollupDays");

            migrationBuilder.DropTable(
                name: "RollupStates");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_TenantId_CreatedAt",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_TenantId_CustomerId_CreatedAt",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_BookingChanges_TenantId_At",
                table: "BookingChanges");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "Bookings");
        }
    }
}
